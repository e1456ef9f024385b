namespace Velib.Core.Gbfs;

/// <summary>One entry of <c>station_information.json</c>.</summary>
public sealed record StationInformation : IStationEntry
{
    public required string StationCode { get; init; }

    public long? StationId { get; init; }

    public string? Name { get; init; }

    public double? Lat { get; init; }

    public double? Lon { get; init; }

    public int? Capacity { get; init; }
}
