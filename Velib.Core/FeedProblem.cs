namespace Velib.Core;

/// <summary>What could not be used in a feed document: one line for all its entries (or stations) with the same problem, naming the first ten.</summary>
/// <param name="Count">How many entries or stations have it.</param>
public sealed record FeedProblem(string Text, int Count);

// Bounded whatever the document holds: a 16 MiB status document of 8.4 million `0` entries was as many warnings, 1.5 GB
// held. Past MaxProblems problems (a code's length is in its text), the rest are counted as one.
internal sealed class FeedProblems(string document, string noun, string nouns)
{
    private const int MaxNamed = 10, MaxProblems = 10;
    private static readonly string Others = $"have other problems (a document's warnings name {MaxProblems} at most)";
    private readonly OrderedDictionary<string, (string First, string Many, int Count, List<string> Named)> problems = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>The line of the first problem added, as if it were alone.</summary>
    public string First => problems.GetAt(0).Value.First;

    /// <param name="one">What is wrong with <paramref name="subject"/> (<c>#2</c>, or a station code): <c>is not an object</c>; <paramref name="many"/> says it of several, <c>are not objects</c>.</param>
    public void Add(string subject, string one, string many)
    {
        Count++;
        var key = problems.Count < MaxProblems || problems.ContainsKey(one) ? one : "";
        var (first, plural, count, named) = problems.TryGetValue(key, out var problem) ? problem : ($"{document}: {noun} {subject} {one}", key.Length > 0 ? many : Others, 0, []);
        if (named.Count < MaxNamed)
        {
            named.Add(subject);
        }

        problems[key] = (first, plural, count + 1, named);
    }

    public List<FeedProblem> ToList() =>
    [
        .. problems.Values.Select(p => new FeedProblem(
            p.Count == 1 ? p.First : $"{document}: {p.Count} {nouns} {p.Many}: {TextCut.FirstNamed(p.Named, p.Count, MaxNamed)}",
            p.Count)),
    ];
}
