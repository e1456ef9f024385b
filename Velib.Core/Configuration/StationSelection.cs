using System.Collections.Frozen;

namespace Velib.Core.Configuration;

/// <summary>Which stations a snapshot keeps: a set of codes, or every station of the feed.</summary>
public sealed class StationSelection
{
    public const string DefaultCodes = "16107,32017";
    public const string AllKeyword = "all";

    private StationSelection(bool all, FrozenSet<string> codes)
    {
        All = all;
        Codes = codes;
    }

    public static StationSelection Default { get; } = Parse(DefaultCodes);

    public static StationSelection Everything { get; } = new(true, FrozenSet<string>.Empty);

    public bool All { get; }

    /// <summary>The configured codes, in no particular order; empty when <see cref="All"/>.</summary>
    public IReadOnlySet<string> Codes { get; }

    public bool Contains(string code) => All || Codes.Contains(code);

    /// <summary>Parses <c>16107,32017</c> or <c>all</c>.</summary>
    /// <exception cref="FormatException">The text names no station or holds an invalid code.</exception>
    public static StationSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals(AllKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return Everything;
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IsValidCode(part))
            {
                throw new FormatException($"'{part}' is not a station code (letters, digits and '_' only)");
            }

            codes.Add(part);
        }

        if (codes.Count == 0)
        {
            throw new FormatException("no station code given (use codes like 16107,32017 or 'all')");
        }

        return new StationSelection(false, codes.ToFrozenSet(StringComparer.Ordinal));
    }

    private static bool IsValidCode(string code) =>
        code.Length is > 0 and <= 32 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public override string ToString() => All ? AllKeyword : string.Join(',', Codes.Order(StringComparer.Ordinal));
}
