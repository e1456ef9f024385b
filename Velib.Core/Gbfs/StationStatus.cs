using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_status.json</c> as the feed gave it: a count is null where the feed has no usable number.</summary>
/// <param name="OtherTypes">Bike types other than <c>mechanical</c> and <c>ebike</c> (a <c>cargo</c>, say), with their count.</param>
public sealed record StationStatus(
    string StationCode,
    long? StationId,
    int? BikesAvailable,
    int? Mechanical,
    int? Electric,
    bool HasBikeTypes,
    IReadOnlyDictionary<string, int> OtherTypes,
    int? DocksAvailable,
    bool? IsInstalled,
    bool? IsRenting,
    bool? IsReturning,
    long? LastReported)
{
    public static GbfsDocument<StationStatus> Parse(ReadOnlyMemory<byte> utf8, StationSelection selection, string? source = null) =>
        GbfsDocument.Read(utf8, source ?? GbfsKind.Status.Name, selection, GbfsKind.Status, Read);

    // The GBFS names, and Vélib's camelCase duplicates where the GBFS name is absent.
    private static StationStatus Read(JsonElement e, string code)
    {
        int? mechanical = null, electric = null;
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        var hasTypes = e.TryGetProperty("num_bikes_available_types"u8, out var types) && types.ValueKind is JsonValueKind.Array or JsonValueKind.Object;

        // Vélib' writes [{"mechanical":n},{"ebike":n}]; one object holding several types is read alike.
        var counts = !hasTypes ? [] : types.ValueKind == JsonValueKind.Object ? [.. types.EnumerateObject()]
            : types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Object).SelectMany(t => t.EnumerateObject()).ToArray();
        foreach (var count in counts)
        {
            var n = GbfsDocument.Int32(count.Value);
            if (count.Name == "mechanical")
            {
                mechanical = n is null ? mechanical : (mechanical ?? 0) + n;
            }
            else if (count.Name == "ebike")
            {
                electric = n is null ? electric : (electric ?? 0) + n;
            }
            else
            {
                others[count.Name] = others.GetValueOrDefault(count.Name) + Math.Max(n ?? 0, 0);
            }
        }

        return new StationStatus(
            code,
            GbfsDocument.Int64(e, "station_id"),
            GbfsDocument.Int32(e, "num_bikes_available") ?? GbfsDocument.Int32(e, "numBikesAvailable"),
            mechanical,
            electric,
            hasTypes,
            others,
            GbfsDocument.Int32(e, "num_docks_available") ?? GbfsDocument.Int32(e, "numDocksAvailable"),
            GbfsDocument.Flag(e, "is_installed"),
            GbfsDocument.Flag(e, "is_renting"),
            GbfsDocument.Flag(e, "is_returning"),
            GbfsDocument.Int64(e, "last_reported") is > 0 and var seconds ? seconds : null);
    }
}
