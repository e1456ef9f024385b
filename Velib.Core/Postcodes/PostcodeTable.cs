using System.Collections.Frozen;
using Microsoft.VisualBasic.FileIO;

namespace Velib.Core.Postcodes;

/// <summary>
/// Station code → postcode and city, from a CSV of columns <c>stationCode,station_id,postcode,city</c>.
/// The built-in table (see <c>Postcodes/station-postcodes.md</c>) is embedded in this assembly. Rows with an
/// empty or malformed postcode are gaps: they are left out, so the station falls through to the geocoder.
/// </summary>
public sealed class PostcodeTable
{
    private const string ResourceName = "Velib.Core.station-postcodes.csv";

    private static readonly Lazy<PostcodeTable> BuiltInTable = new(LoadBuiltIn);

    private readonly FrozenDictionary<string, PostcodeResolution> entries;

    private PostcodeTable(FrozenDictionary<string, PostcodeResolution> entries) => this.entries = entries;

    public static PostcodeTable BuiltIn => BuiltInTable.Value;

    /// <summary>The station's row; its city is null when the row has none.</summary>
    public bool TryGet(string stationCode, out PostcodeResolution entry) => entries.TryGetValue(stationCode, out entry!);

    /// <summary>Every row kept, by station code, in no particular order.</summary>
    internal IReadOnlyDictionary<string, PostcodeResolution> Entries => entries;

    /// <exception cref="InvalidDataException">The file is not a table of the expected columns.</exception>
    public static PostcodeTable Load(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return Load(reader, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    /// <summary>Reads a table with the BCL's CSV parser (<see cref="TextFieldParser"/>: quotes, commas in fields).</summary>
    /// <exception cref="InvalidDataException">The text is not a table of the expected columns.</exception>
    public static PostcodeTable Load(TextReader text, string sourceName)
    {
        using var csv = new TextFieldParser(text) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = true };
        csv.SetDelimiters(",");
        try
        {
            return FromRows(csv.ReadFields, sourceName);
        }
        catch (MalformedLineException ex)
        {
            throw new InvalidDataException($"{sourceName}: line {ex.LineNumber} is not valid CSV", ex);
        }
    }

    /// <summary>
    /// Reads a table whose fields are never quoted, as the built-in one: split on commas, fields trimmed, blank lines
    /// skipped, which is what <see cref="Load(TextReader, string)"/> makes of such a text (PostcodeTableLoadingTests
    /// compares the two on the built-in table), without the start-up cost of <see cref="TextFieldParser"/> and of its
    /// regular expressions.
    /// </summary>
    internal static PostcodeTable LoadUnquoted(TextReader text, string sourceName) => FromRows(
        () =>
        {
            while (text.ReadLine() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    return line.Split(',', StringSplitOptions.TrimEntries);
                }
            }

            return null;
        },
        sourceName);

    /// <summary>The table of a header row then data rows; <paramref name="readRow"/> returns null at the end.</summary>
    private static PostcodeTable FromRows(Func<string[]?> readRow, string sourceName)
    {
        var entries = new Dictionary<string, PostcodeResolution>(StringComparer.Ordinal);
        var header = readRow() ?? [];
        var codeColumn = Array.IndexOf(header, "stationCode");
        var postcodeColumn = Array.IndexOf(header, "postcode");
        var cityColumn = Array.IndexOf(header, "city");
        if (codeColumn < 0 || postcodeColumn < 0)
        {
            throw new InvalidDataException($"{sourceName}: expected a header with the columns stationCode and postcode");
        }

        while (readRow() is { } row)
        {
            var code = Field(row, codeColumn);
            var postcode = Field(row, postcodeColumn);
            if (code.Length > 0 && IsPostcode(postcode))
            {
                entries[code] = new PostcodeResolution(postcode, Field(row, cityColumn) is { Length: > 0 } city ? city : null);
            }
        }

        return new PostcodeTable(entries.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string Field(string[] row, int column) => column >= 0 && column < row.Length ? row[column] : "";

    /// <summary>A French postcode: five digits.</summary>
    public static bool IsPostcode(string text) => text.Length == 5 && text.All(char.IsAsciiDigit);

    internal static TextReader OpenBuiltIn() => new StreamReader(
        typeof(PostcodeTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from Velib.Core"));

    private static PostcodeTable LoadBuiltIn()
    {
        using var reader = OpenBuiltIn();
        return LoadUnquoted(reader, "built-in postcode table");
    }
}
