namespace Velib.Core.Gbfs;

/// <summary>
/// One entry of <c>station_status.json</c>, as the feed gave it: counts are null where the feed has no usable
/// number. Checking them is <see cref="Stations.StationBuilder"/>'s job.
/// </summary>
public sealed record StationStatus : IStationEntry
{
    public required string StationCode { get; init; }

    public long? StationId { get; init; }

    public int? BikesAvailable { get; init; }

    /// <summary>Mechanical bikes from <c>num_bikes_available_types</c>; null when the type is absent.</summary>
    public int? Mechanical { get; init; }

    /// <summary>Electric bikes (<c>ebike</c>) from <c>num_bikes_available_types</c>; null when the type is absent.</summary>
    public int? Electric { get; init; }

    /// <summary>False when <c>num_bikes_available_types</c> is absent or not a list.</summary>
    public bool HasBikeTypes { get; init; }

    /// <summary>Bikes of a type this pipeline does not know (e.g. <c>cargo</c>), summed.</summary>
    public int OtherTypeBikes { get; init; }

    /// <summary>Names of unknown bike types, when there are any.</summary>
    public IReadOnlyList<string> OtherTypes { get; init; } = [];

    public int? DocksAvailable { get; init; }

    public bool? IsInstalled { get; init; }

    public bool? IsRenting { get; init; }

    public bool? IsReturning { get; init; }

    /// <summary><c>last_reported</c>, Unix seconds; null when absent, null or zero.</summary>
    public long? LastReported { get; init; }
}
