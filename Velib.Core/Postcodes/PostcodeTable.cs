using System.Collections.Frozen;
using System.Text;
using Velib.Core.Configuration;
using Velib.Core.Messages;

namespace Velib.Core.Postcodes;

/// <summary>Station code → postcode and city from a CSV <c>stationCode,station_id,postcode,city</c>, one row per station code; a row without postcode is a gap, left to the geocoder.</summary>
public sealed class PostcodeTable
{
    private const string ResourceName = "Velib.Core.station-postcodes.csv";

    private static readonly Lazy<PostcodeTable> BuiltInTable = new(() =>
    {
        using var reader = new StreamReader(typeof(PostcodeTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from Velib.Core"));
        return Load(reader, "built-in postcode table");
    });

    private static readonly string[] Columns = ["stationCode", "postcode", "city"];

    private readonly FrozenDictionary<string, PostcodeResolution> entries;

    private PostcodeTable(FrozenDictionary<string, PostcodeResolution> entries) => this.entries = entries;

    public static PostcodeTable BuiltIn => BuiltInTable.Value;

    public bool TryGet(string stationCode, out PostcodeResolution entry) => entries.TryGetValue(stationCode, out entry!);

    /// <summary>The size cap, in characters: the built-in table of 1,462 stations is about 60,000.</summary>
    public const int MaxChars = 16 * 1024 * 1024;

    public static PostcodeTable Load(string path)
    {
        try
        {
            // A pipe or a device (/dev/zero) has no length to check first: the cap is counted as it is read.
            using var reader = new StreamReader(path);
            var text = new StringBuilder();
            var chunk = new char[81_920];
            for (int read; (read = reader.Read(chunk)) > 0;)
            {
                if (text.Length + read > MaxChars)
                {
                    throw new InvalidDataException($"{path}: over the {MaxChars}-character limit of a postcode table");
                }

                text.Append(chunk, 0, read);
            }

            return Load(new StringReader(text.ToString()), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {FileErrorText.Reason(ex)}", ex);
        }
    }

    // A quoted field is refused rather than misread: no table here has one, and a CSV parser costs 15–25 ms at start-up.
    public static PostcodeTable Load(TextReader text, string sourceName)
    {
        using var rows = Rows(text, sourceName).GetEnumerator();
        var header = rows.MoveNext() ? rows.Current.Fields : [];
        var codeColumn = Array.IndexOf(header, "stationCode");
        var postcodeColumn = Array.IndexOf(header, "postcode");
        var cityColumn = Array.IndexOf(header, "city");
        if (codeColumn < 0 || postcodeColumn < 0)
        {
            throw new InvalidDataException($"{sourceName}: expected a header with the columns stationCode and postcode");
        }

        // A column named twice (a corrected postcode column added beside the old one) would be read from its first alone.
        if (Columns.FirstOrDefault(name => Array.LastIndexOf(header, name) != Array.IndexOf(header, name)) is { } twice)
        {
            throw new InvalidDataException($"{sourceName}: line 1: the header names the column {twice} twice");
        }

        // A bad postcode or a code on two rows is refused: dropped or overwritten, it would be a wrong answer found late.
        var entries = new Dictionary<string, (int Line, PostcodeResolution Entry)>(StringComparer.Ordinal);
        while (rows.MoveNext())
        {
            var (line, fields) = rows.Current;
            var code = Field(fields, codeColumn);
            var postcode = Field(fields, postcodeColumn);
            var problem = fields.Length > header.Length ? $"{fields.Length} fields, the header has {header.Length} (a comma inside a value?)"
                : code.Length == 0 ? "no station code"
                : code.Length > StationSelection.MaxCodeLength ? $"a station code of {code.Length} characters (at most {StationSelection.MaxCodeLength})"
                : Field(fields, cityColumn).Length > StationMessage.MaxTextLength ? $"a city of {Field(fields, cityColumn).Length} characters (at most {StationMessage.MaxTextLength})"
                : null;
            if (problem is not null)
            {
                throw new InvalidDataException($"{sourceName}: line {line}: {problem}");
            }

            if (entries.TryGetValue(code, out var first))
            {
                throw new InvalidDataException($"{sourceName}: line {line}: station {code} is already on line {first.Line}");
            }

            entries[code] = (line, postcode.Length == 0 ? new PostcodeResolution(null, null)
                : IsPostcode(postcode) ? new PostcodeResolution(postcode, Field(fields, cityColumn) is { Length: > 0 } city ? city : null)
                : throw new InvalidDataException($"{sourceName}: line {line}: '{postcode}' is not a five-digit postcode"));
        }

        return new PostcodeTable(entries.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Entry, StringComparer.Ordinal));
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(TextReader text, string sourceName)
    {
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Contains('"', StringComparison.Ordinal))
            {
                // A feed document or velib's own output given as the table: its quotes are JSON's, not a field's.
                throw new InvalidDataException(line.TrimStart() is ['{' or '[', ..]
                    ? $"{sourceName}: line {lineNumber} is JSON, not a CSV row (stationCode,station_id,postcode,city)"
                    : $"{sourceName}: line {lineNumber} has a quoted field; write the table without quotes");
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (lineNumber, line.Split(',', StringSplitOptions.TrimEntries));
            }
        }
    }

    private static string Field(string[] row, int column) => column >= 0 && column < row.Length ? row[column] : "";

    public static bool IsPostcode(string text) => text.Length == 5 && text.All(char.IsAsciiDigit);
}
