using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_status.json</c> as the feed gave it: a count is null where the feed has no usable number.</summary>
/// <param name="OtherTypes">Bike types other than <c>mechanical</c> and <c>ebike</c> (a <c>cargo</c>, say), by name, with their count.</param>
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
    /// <exception cref="Feeds.FeedFormatException">The document is not a usable GBFS status document.</exception>
    public static GbfsDocument<StationStatus> Parse(ReadOnlyMemory<byte> utf8, StationSelection selection, string? source = null) =>
        GbfsDocument.Read(utf8, source ?? GbfsKind.Status.Name, selection, GbfsKind.Status, Read);

    /// <summary>The GBFS names, and Vélib's camelCase duplicates where the GBFS name is absent.</summary>
    private static StationStatus Read(JsonElement e, string code)
    {
        int? mechanical = null, electric = null;
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        var hasTypes = e.TryGetProperty("num_bikes_available_types"u8, out var types) && types.ValueKind is JsonValueKind.Array or JsonValueKind.Object;
        if (hasTypes)
        {
            // Vélib' writes [{"mechanical":n},{"ebike":n}]; one object holding several types is read alike.
            foreach (var type in types.ValueKind == JsonValueKind.Array ? [.. types.EnumerateArray()] : new[] { types })
            {
                foreach (var count in type.ValueKind == JsonValueKind.Object ? type.EnumerateObject() : default)
                {
                    var n = count.Value.ValueKind == JsonValueKind.Number && count.Value.TryGetInt32(out var c) ? c : (int?)null;
                    switch (count.Name)
                    {
                        case "mechanical": mechanical = n is null ? mechanical : (mechanical ?? 0) + n; break;
                        case "ebike": electric = n is null ? electric : (electric ?? 0) + n; break;
                        default: others[count.Name] = others.GetValueOrDefault(count.Name) + Math.Max(n ?? 0, 0); break;
                    }
                }
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
