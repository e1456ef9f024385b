using System.Collections.ObjectModel;
using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_status.json</c> as the feed gave it: a count is null where the feed has no usable number.</summary>
/// <param name="OtherTypes">Bike types other than <c>mechanical</c> and <c>ebike</c> (a <c>cargo</c>, say), with their count.</param>
public sealed record StationStatus(
    string StationCode, long? StationId, long? BikesAvailable, long? Mechanical, long? Electric, bool HasBikeTypes,
    IReadOnlyDictionary<string, long> OtherTypes, long? DocksAvailable, bool? IsInstalled, bool? IsRenting, bool? IsReturning, long? LastReported)
{
    public static GbfsDocument<StationStatus> Parse(ReadOnlyMemory<byte> utf8, StationSelection selection, string? source = null) =>
        GbfsDocument.Read(utf8, source ?? GbfsKind.Status.Name, selection, GbfsKind.Status, Read);

    // The GBFS names, and Vélib's camelCase duplicates where the GBFS value is absent or unusable.
    private static StationStatus Read(JsonElement e, string code)
    {
        // Vélib' writes [{"mechanical":n},{"ebike":n}]; one object holding several types is read alike.
        long? mechanical = null, electric = null;
        Dictionary<string, long>? others = null;
        var types = e.TryGetProperty("num_bikes_available_types"u8, out var t) ? t : default;
        IEnumerable<JsonElement> holders = types.ValueKind switch { JsonValueKind.Object => [types], JsonValueKind.Array => types.EnumerateArray(), _ => [] };
        foreach (var count in holders.Where(h => h.ValueKind == JsonValueKind.Object).SelectMany(h => h.EnumerateObject()))
        {
            var n = GbfsDocument.Whole(count.Value, count: true);
            if (count.NameEquals("mechanical"u8))
            {
                mechanical = n is null ? mechanical : Sum(mechanical ?? 0, n.Value);
            }
            else if (count.NameEquals("ebike"u8))
            {
                electric = n is null ? electric : Sum(electric ?? 0, n.Value);
            }
            else
            {
                (others ??= new(StringComparer.Ordinal))[count.Name] = Sum(others.GetValueOrDefault(count.Name), Math.Max(n ?? 0, 0));
            }
        }

        return new StationStatus(
            code,
            GbfsDocument.Int64(e, "station_id"u8),
            GbfsDocument.Whole(e, "num_bikes_available"u8, count: true) ?? GbfsDocument.Whole(e, "numBikesAvailable"u8, count: true),
            mechanical,
            electric,
            types.ValueKind is JsonValueKind.Array or JsonValueKind.Object,
            (IReadOnlyDictionary<string, long>?)others ?? ReadOnlyDictionary<string, long>.Empty,
            GbfsDocument.Whole(e, "num_docks_available"u8, count: true) ?? GbfsDocument.Whole(e, "numDocksAvailable"u8, count: true),
            GbfsDocument.Flag(e, "is_installed"u8),
            GbfsDocument.Flag(e, "is_renting"u8),
            GbfsDocument.Flag(e, "is_returning"u8),
            GbfsDocument.Int64(e, "last_reported"u8) is > 0 and var seconds ? seconds : null);
    }

    // Several objects may repeat a type: summed as long, held at its end (out of range all the same), never wrapped to a negative.
    private static long Sum(long total, long n) => (long)Int128.Clamp((Int128)total + n, long.MinValue, long.MaxValue);
}
