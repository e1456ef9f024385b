using System.Globalization;
using System.Text;
using System.Text.Json;
using Velib.Core.Configuration;
using Velib.Core.Feeds;

namespace Velib.Core.Gbfs;

/// <summary>The selected stations of one GBFS document, the entries that could not be used, and its version.</summary>
public sealed record GbfsDocument<T>(IReadOnlyList<T> Stations, IReadOnlyList<string> Problems, long? LastUpdatedOther);

/// <summary>Reads <c>{"lastUpdatedOther":…,"data":{"stations":[…]}}</c>; every way it can be wrong is a one-line <see cref="FeedFormatException"/>.</summary>
internal static class GbfsDocument
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <param name="source">The path or URL as the user gave it, to name the document in messages.</param>
    /// <param name="kind">What the document should be, and the member that proves an entry is one (<c>num_bikes_available</c>, <c>lat</c>).</param>
    public static GbfsDocument<T> Read<T>(ReadOnlyMemory<byte> utf8, string source, StationSelection selection, GbfsKind kind, Func<JsonElement, string, T> readEntry)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw new FeedFormatException($"{source}: text that is not UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, Options);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FeedFormatException($"{source}: not a JSON object{Preview(utf8.Span)}");
            }

            if (!root.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("stations"u8, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new FeedFormatException($"{source}: not a GBFS station document: no 'data.stations' list");
            }

            if (list.GetArrayLength() == 0)
            {
                throw new FeedFormatException($"{source}: the station list is empty");
            }

            CheckKind(list, source, kind);
            var stations = new List<T>();
            var problems = new List<string>();
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var code = entry.ValueKind == JsonValueKind.Object ? Code(entry) : null;
                if (code is null)
                {
                    problems.Add($"{kind.Name}: entry #{index} {(entry.ValueKind == JsonValueKind.Object ? "has no stationCode" : "is not an object")}");
                }
                else if (selection.Contains(code))
                {
                    stations.Add(readEntry(entry, code));
                }

                index++;
            }

            var version = root.TryGetProperty("lastUpdatedOther"u8, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var seconds) ? seconds : (long?)null;
            return new GbfsDocument<T>(stations, problems, version);
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"{source}: malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {JsonErrorText.FirstSentence(ex.Message)}{(ex.LineNumber == 0 && ex.BytePositionInLine == 0 ? Preview(utf8.Span) : "")}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string holding an escaped lone surrogate (\uD800) parses, but cannot be read as text.
            throw new FeedFormatException($"{source}: text that cannot be read ({JsonErrorText.FirstSentence(ex.Message)})", ex);
        }
    }

    /// <summary>Refuses a document whose entries are all of the other kind: the two documents were given the wrong way round.</summary>
    private static void CheckKind(JsonElement list, string source, GbfsKind kind)
    {
        var other = kind == GbfsKind.Status ? GbfsKind.Information : GbfsKind.Status;
        bool Any(GbfsKind k) => list.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(k.Member, out _));
        if (!Any(kind) && Any(other))
        {
            throw new FeedFormatException($"{source}: this is a {other.Name} document, not {kind.Name} (its entries have '{other.Member}', none has '{kind.Member}'): were the two documents swapped?");
        }
    }

    /// <summary>A station code: a non-empty string (<c>"11031_relais"</c>), or a number in some feeds.</summary>
    private static string? Code(JsonElement entry) => !entry.TryGetProperty("stationCode"u8, out var code) ? null : code.ValueKind switch
    {
        JsonValueKind.String when code.GetString() is { Length: > 0 } text => text,
        JsonValueKind.Number => code.GetRawText(),
        _ => null,
    };

    public static long? Int64(JsonElement entry, string name) => !entry.TryGetProperty(name, out var v) ? null : v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static int? Int32(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    public static double? Double(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    public static string? String(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>GBFS 1 says 0/1, GBFS 2+ true/false: both are read.</summary>
    public static bool? Flag(JsonElement entry, string name) => !entry.TryGetProperty(name, out var v) ? null : v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when v.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
        _ => null,
    };

    /// <summary>The start of a body that is not JSON (an HTML error page, say), shown so the cause is plain.</summary>
    private static string Preview(ReadOnlySpan<byte> utf8)
    {
        var text = string.Concat(Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 60)]).Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return text.Length == 0 ? " (empty body)" : $" (starts with '{text}')";
    }
}
