using System.Collections.Frozen;

namespace Velib.Core.Configuration;

/// <summary>Which stations a snapshot keeps: a set of codes, or every station of the feed.</summary>
public sealed class StationSelection
{
    public const string DefaultCodes = "16107,32017";

    /// <summary>The longest station code taken, from the configuration or the feed (Vélib's are 4 to 12 characters).</summary>
    public const int MaxCodeLength = 32;

    private StationSelection(FrozenSet<string>? codes) => Codes = codes ?? FrozenSet<string>.Empty;

    public static StationSelection Everything { get; } = new(null);

    public IReadOnlySet<string> Codes { get; }

    public bool Contains(string code) => this == Everything || Codes.Contains(code);

    /// <summary>Parses <c>16107,32017</c> or <c>all</c>, or throws a <see cref="FormatException"/> saying why not.</summary>
    public static StationSelection Parse(string text) =>
        TryParse(text, out var selection) is { } error ? throw new FormatException(error) : selection!;

    public static string? TryParse(string text, out StationSelection? selection)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            selection = Everything;
            return null;
        }

        var codes = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var problem = codes.Select(CodeProblem).FirstOrDefault(found => found is not null)
            ?? (codes.Length == 0 ? "no station code given (use codes like 16107,32017 or 'all')"
                : codes.Contains("all", StringComparer.OrdinalIgnoreCase) ? "'all' stands alone: every station, or a list of codes"
                : null);
        selection = problem is null ? new StationSelection(codes.ToFrozenSet(StringComparer.Ordinal)) : null;
        return problem;
    }

    /// <summary>Why <paramref name="code"/> is no station code, or null.</summary>
    public static string? CodeProblem(string code) =>
        code.Length > MaxCodeLength ? $"a station code of {code.Length} characters (at most {MaxCodeLength})"
            : code.Length > 0 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? null
            : $"'{code}' is not a station code (ASCII letters, digits and '_' only)";
}
