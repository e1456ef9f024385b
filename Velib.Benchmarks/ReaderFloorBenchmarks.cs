using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Velib.Benchmarks;

/// <summary>
/// The floor of any <see cref="Utf8JsonReader"/> parser: reading every token of each real document, with the
/// parsers' reader options (strict JSON), and doing nothing with them. The parsers cannot be faster than this; the
/// gap is their own work. A tick reads both documents: its floor is the sum of the two.
/// </summary>
[MemoryDiagnoser]
public class ReaderFloorBenchmarks
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    private byte[] status = [];
    private byte[] information = [];

    [GlobalSetup]
    public void Setup()
    {
        var pair = RecordedFeeds.Pair();
        (status, information) = (pair.Status, pair.Information);
    }

    [Benchmark]
    public int StatusTokens() => CountTokens(status);

    [Benchmark]
    public int InformationTokens() => CountTokens(information);

    private static int CountTokens(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        var count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }
}
