using System.Text.Json;
using Velib.Core.Configuration;
using Velib.Core.Messages;

namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_information.json</c>.</summary>
public sealed record StationInformation(string StationCode, long? StationId, string? Name, double? Lat, double? Lon, int? Capacity)
{
    public static GbfsDocument<StationInformation> Parse(ReadOnlyMemory<byte> utf8, StationSelection selection, string? source = null) =>
        GbfsDocument.Read(utf8, source ?? GbfsKind.Information.Name, selection, GbfsKind.Information, Read);

    // A position off the globe, or 0,0 (where GBFS feeds put a station not yet placed), is none: it would stretch the map;
    // so is a capacity below 0.
    private static StationInformation Read(JsonElement e, string code)
    {
        var (lat, lon) = (GbfsDocument.Double(e, "lat"u8), GbfsDocument.Double(e, "lon"u8));
        var placed = lat is >= -90 and <= 90 && lon is >= -180 and <= 180 && (lat, lon) != (0, 0);
        var capacity = GbfsDocument.Whole(e, "capacity"u8) is >= 0 and <= int.MaxValue and var c ? (int?)c : null;
        return new(code, GbfsDocument.Int64(e, "station_id"u8), GbfsDocument.String(e, "name"u8) is { Length: <= StationMessage.MaxTextLength } name ? name : null, placed ? lat : null, placed ? lon : null, capacity);
    }
}
