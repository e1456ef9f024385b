namespace Velib.Core.Messages;

/// <summary>The result on <c>velib-projet-final-data</c>: the bikes of one postcode at one tick (the README documents each field).</summary>
public sealed record PostcodeTotals
{
    /// <summary>2 since a total always covers its whole tick (<see cref="Complete"/> is always true; kept for readers of 1).</summary>
    public const int CurrentSchemaVersion = 2;

    public required int SchemaVersion { get; init; }
    public required string Postcode { get; init; }
    public string? City { get; init; }
    public required int TotalBikes { get; init; }
    public required int MechanicalBikes { get; init; }
    public required int ElectricBikes { get; init; }
    public required int DocksAvailable { get; init; }
    public required int StationCount { get; init; }
    public required int StationsExpected { get; init; }
    public required bool Complete { get; init; }
    public required IReadOnlyList<string> StationCodes { get; init; }
    public DateTimeOffset? AsOf { get; init; }
    public required DateTimeOffset Tick { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }
    public required IReadOnlyList<string> Quality { get; init; }
}
