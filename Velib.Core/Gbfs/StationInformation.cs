namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_information.json</c>.</summary>
public sealed record StationInformation(string StationCode, long? StationId, string? Name, double? Lat, double? Lon, int? Capacity) : IStationEntry;
