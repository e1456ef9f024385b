using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_information.json</c>.</summary>
public sealed record StationInformation(string StationCode, long? StationId, string? Name, double? Lat, double? Lon, int? Capacity)
{
    public static GbfsDocument<StationInformation> Parse(ReadOnlyMemory<byte> utf8, StationSelection selection, string? source = null) =>
        GbfsDocument.Read(utf8, source ?? GbfsKind.Information.Name, selection, GbfsKind.Information, Read);

    private static StationInformation Read(JsonElement e, string code) => new(
        code,
        GbfsDocument.Int64(e, "station_id"u8),
        GbfsDocument.String(e, "name"u8),
        GbfsDocument.Double(e, "lat"u8),
        GbfsDocument.Double(e, "lon"u8),
        GbfsDocument.Int32(e, "capacity"u8));
}
