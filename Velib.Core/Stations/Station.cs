namespace Velib.Core.Stations;

/// <summary>A station of one fetch: status joined with information, checked, and flagged.</summary>
public sealed record Station
{
    public required string StationCode { get; init; }

    public long? StationId { get; init; }

    public string? Name { get; init; }

    public double? Lat { get; init; }

    public double? Lon { get; init; }

    public int? Capacity { get; init; }

    public required int BikesAvailable { get; init; }

    public required int Mechanical { get; init; }

    public required int Electric { get; init; }

    public int? DocksAvailable { get; init; }

    public bool IsInstalled { get; init; }

    public bool IsRenting { get; init; }

    public bool IsReturning { get; init; }

    public DateTimeOffset? LastReported { get; init; }

    /// <summary>Quality flags, see <see cref="QualityFlags"/>, sorted.</summary>
    public IReadOnlyList<string> Quality { get; init; } = [];
}
