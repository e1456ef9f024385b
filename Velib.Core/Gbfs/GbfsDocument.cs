using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Velib.Core.Configuration;
using Velib.Core.Feeds;

namespace Velib.Core.Gbfs;

/// <summary>The selected stations of one GBFS document, the entries that could not be used, and its version (Vélib's <c>lastUpdatedOther</c>, else GBFS's <c>last_updated</c>).</summary>
public sealed record GbfsDocument<T>(IReadOnlyList<T> Stations, IReadOnlyList<FeedProblem> Problems, long? Version);

/// <summary>A kind of GBFS station document: its file name, and the member every entry of it has (or Vélib's camelCase <paramref name="Twin"/> of it).</summary>
public sealed record GbfsKind(string Name, string Member, string? Twin = null)
{
    public static readonly GbfsKind Status = new("station_status.json", "num_bikes_available", "numBikesAvailable");
    public static readonly GbfsKind Information = new("station_information.json", "lat");
}

/// <summary>Reads <c>{"lastUpdatedOther":…,"data":{"stations":[…]}}</c> leniently; a document that cannot be used is a one-line <see cref="FeedFormatException"/>.</summary>
internal static class GbfsDocument
{
    public static GbfsDocument<T> Read<T>(ReadOnlyMemory<byte> utf8, string source, StationSelection selection, GbfsKind kind, Func<JsonElement, string, T> readEntry)
    {
        try
        {
            using var document = !Utf8.IsValid(utf8.Span) ? throw new FeedFormatException($"{source}: text that is not UTF-8")
                : JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            var list = root.ValueKind != JsonValueKind.Object ? throw new FeedFormatException($"{source}: not a JSON object{Preview(utf8.Span)}")
                : root.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("stations"u8, out var s) && s.ValueKind == JsonValueKind.Array ? s
                : throw new FeedFormatException($"{source}: not a GBFS station document: no 'data.stations' list");
            var other = kind == GbfsKind.Status ? GbfsKind.Information : GbfsKind.Status;
            bool Any(GbfsKind k) => list.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && (e.TryGetProperty(k.Member, out _) || (k.Twin is { } twin && e.TryGetProperty(twin, out _))));
            // A status document without a bike count (GBFS 3's shape, say) is one failure, not every station rejected one by one.
            if (list.GetArrayLength() == 0 || (!Any(kind) && (Any(other) || kind == GbfsKind.Status)))
            {
                throw new FeedFormatException(list.GetArrayLength() == 0 ? $"{source}: the station list is empty"
                    : Any(other) ? $"{source}: this is a {other.Name} document, not {kind.Name} (its entries have '{other.Member}', none has '{kind.Member}'): were the two documents swapped?"
                    : $"{source}: none of its {list.GetArrayLength()} entries has a bike count ('{kind.Member}' or '{kind.Twin}')");
            }

            var (stations, problems) = (new List<T>(), new FeedProblems(kind.Name, "entry", "entries"));
            foreach (var (entry, index) in list.EnumerateArray().Select((e, i) => (e, i)))
            {
                try
                {
                    var code = entry.ValueKind == JsonValueKind.Object ? Code(entry) : null;
                    var (one, many) = entry.ValueKind != JsonValueKind.Object ? ("is not an object", "are not objects")
                        : code is null ? ("has no stationCode", "have no stationCode")
                        : code.Length > StationSelection.MaxCodeLength ? ($"has a stationCode of {code.Length} characters (at most {StationSelection.MaxCodeLength})", $"have a stationCode of {code.Length} characters (at most {StationSelection.MaxCodeLength})")
                        : code.Any(char.IsControl) ? ("has a stationCode holding a control character", "have a stationCode holding a control character")
                        : default;
                    if (one is not null)
                    {
                        problems.Add($"#{index}", one, many!);
                    }
                    else if (selection.Contains(code!))
                    {
                        stations.Add(readEntry(entry, code!));
                    }
                }
                catch (InvalidOperationException ex)
                {
                    // A string holding an escaped lone surrogate (\uD800) parses, but cannot be read as text: its entry alone is left out.
                    var why = JsonErrorText.FirstSentence(ex.Message);
                    problems.Add($"#{index}", $"has text that cannot be read ({why})", $"have text that cannot be read ({why})");
                }
            }

            if (problems.Count == list.GetArrayLength())
            {
                throw new FeedFormatException($"{source}: no usable station ({problems.First}{(problems.Count > 1 ? $", and {problems.Count - 1} more" : "")})");
            }

            return new GbfsDocument<T>(stations, problems.ToList(), Whole(root, "lastUpdatedOther"u8) ?? Whole(root, "last_updated"u8));
        }
        catch (JsonException ex)
        {
            var start = ex.LineNumber == 0 && ex.BytePositionInLine == 0 ? Preview(utf8.Span) : "";
            throw new FeedFormatException($"{source}: malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {JsonErrorText.FirstSentence(ex.Message)}{start}", ex);
        }
    }

    // A non-empty string ("11031_relais"; blanks round it are no part of it, as in the configured codes), or a number.
    private static string? Code(JsonElement entry) => !entry.TryGetProperty("stationCode"u8, out var code) ? null : code.ValueKind switch
    {
        JsonValueKind.String when code.GetString()!.Trim() is { Length: > 0 } text => text,
        JsonValueKind.Number => Whole(code)?.ToString(CultureInfo.InvariantCulture) ?? code.GetRawText(),
        _ => null,
    };

    public static long? Int64(JsonElement entry, ReadOnlySpan<byte> name) => Whole(entry, name)
        ?? (entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null);

    public static long? Whole(JsonElement entry, ReadOnlySpan<byte> name, bool count = false) => entry.TryGetProperty(name, out var v) ? Whole(v, count) : null;

    // JSON Schema's "integer" (GBFS's schemas) takes 5.0 and 5e0. A count past 64 bits (18446744073709551615, an unsigned
    // -1) is held at the end of the range, to be rejected as out of range (as 4294967295 is) rather than read as absent.
    public static long? Whole(JsonElement value, bool count = false) => value.ValueKind != JsonValueKind.Number ? null : value.TryGetInt64(out var n) ? n
        : !value.TryGetDecimal(out var d) || d is < long.MinValue or > long.MaxValue ? (count ? (value.GetRawText()[0] == '-' ? long.MinValue : long.MaxValue) : null)
        : d == decimal.Truncate(d) ? (long)d : null;

    public static double? Double(JsonElement entry, ReadOnlySpan<byte> name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    public static string? String(JsonElement entry, ReadOnlySpan<byte> name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // GBFS 1 says 0/1, GBFS 2+ true/false.
    public static bool? Flag(JsonElement entry, ReadOnlySpan<byte> name) => !entry.TryGetProperty(name, out var v) ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : Whole(v) switch { 0 => false, 1 => true, _ => null };

    // The start of an HTML error page, say, makes the cause plain.
    private static string Preview(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? " (empty body)"
        : string.Concat(Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 60)]).Select(c => char.IsControl(c) ? ' ' : c)).Trim() is { Length: > 0 } text ? $" (starts with '{text}')"
        : " (starts with blanks or control characters)";
}
