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

    private readonly FrozenDictionary<string, PostcodeEntry> entries;

    private PostcodeTable(FrozenDictionary<string, PostcodeEntry> entries) => this.entries = entries;

    /// <summary>The table shipped with Velib.Core.</summary>
    public static PostcodeTable BuiltIn => BuiltInTable.Value;

    public int Count => entries.Count;

    public bool TryGet(string stationCode, out PostcodeEntry entry) => entries.TryGetValue(stationCode, out entry!);

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
        var entries = new Dictionary<string, PostcodeEntry>(StringComparer.Ordinal);
        try
        {
            var header = csv.ReadFields() ?? [];
            var codeColumn = Array.IndexOf(header, "stationCode");
            var postcodeColumn = Array.IndexOf(header, "postcode");
            var cityColumn = Array.IndexOf(header, "city");
            if (codeColumn < 0 || postcodeColumn < 0)
            {
                throw new InvalidDataException($"{sourceName}: expected a header with the columns stationCode and postcode");
            }

            while (csv.ReadFields() is { } row)
            {
                var code = Field(row, codeColumn);
                var postcode = Field(row, postcodeColumn);
                if (code.Length > 0 && IsPostcode(postcode))
                {
                    entries[code] = new PostcodeEntry(code, postcode, Field(row, cityColumn));
                }
            }
        }
        catch (MalformedLineException ex)
        {
            throw new InvalidDataException($"{sourceName}: line {ex.LineNumber} is not valid CSV", ex);
        }

        return new PostcodeTable(entries.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string Field(string[] row, int column) => column >= 0 && column < row.Length ? row[column] : "";

    /// <summary>A French postcode: five digits.</summary>
    public static bool IsPostcode(string text) => text.Length == 5 && text.All(char.IsAsciiDigit);

    private static PostcodeTable LoadBuiltIn()
    {
        using var stream = typeof(PostcodeTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from Velib.Core");
        using var reader = new StreamReader(stream);
        return Load(reader, "built-in postcode table");
    }
}
