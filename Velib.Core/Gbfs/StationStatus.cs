namespace Velib.Core.Gbfs;

/// <summary>
/// One entry of <c>station_status.json</c>, as the feed gave it: counts are null where the feed has no usable
/// number. Checking them is <see cref="Stations.StationBuilder"/>'s job.
/// </summary>
/// <param name="Mechanical">Mechanical bikes from <c>num_bikes_available_types</c>; null when the type is absent.</param>
/// <param name="Electric">Electric bikes (<c>ebike</c>) from <c>num_bikes_available_types</c>; null when the type is absent.</param>
/// <param name="HasBikeTypes">False when <c>num_bikes_available_types</c> is absent or not a list.</param>
/// <param name="OtherTypeBikes">Bikes of a type this pipeline does not know (e.g. <c>cargo</c>), summed.</param>
/// <param name="OtherTypes">Names of unknown bike types, when there are any.</param>
/// <param name="LastReported"><c>last_reported</c>, Unix seconds; null when absent, null or zero.</param>
public sealed record StationStatus(
    string StationCode,
    long? StationId,
    int? BikesAvailable,
    int? Mechanical,
    int? Electric,
    bool HasBikeTypes,
    int OtherTypeBikes,
    IReadOnlyList<string> OtherTypes,
    int? DocksAvailable,
    bool? IsInstalled,
    bool? IsRenting,
    bool? IsReturning,
    long? LastReported) : IStationEntry;
