namespace Velib.Core.Messages;

/// <summary>
/// The result published on <c>velib-projet-final-data</c>: the bikes of one postcode at one tick, keyed by postcode.
/// The README documents it field by field.
/// </summary>
public sealed record PostcodeTotals
{
    /// <summary>
    /// 2 since totals are assembled across batches: a published total always covers every station of its tick
    /// (<see cref="Complete"/> is always true), and the tick is the feed's version. Version 1 could publish part of a tick.
    /// </summary>
    public const int CurrentSchemaVersion = 2;

    public required int SchemaVersion { get; init; }

    public required string Postcode { get; init; }

    public string? City { get; init; }

    public required int TotalBikes { get; init; }

    public required int MechanicalBikes { get; init; }

    public required int ElectricBikes { get; init; }

    /// <summary>Free docks, summed over the stations that report them.</summary>
    public required int DocksAvailable { get; init; }

    /// <summary>Stations summed here.</summary>
    public required int StationCount { get; init; }

    /// <summary>Stations of this postcode the producer published for this tick.</summary>
    public required int StationsExpected { get; init; }

    /// <summary>
    /// Whether every expected station is summed. Always true in what the hosts publish (<see cref="Aggregation.TickAssembly"/>);
    /// kept in schema version 2 so that readers of version 1 keep reading it.
    /// </summary>
    public required bool Complete { get; init; }

    /// <summary>Codes of the summed stations, sorted (ordinal).</summary>
    public required IReadOnlyList<string> StationCodes { get; init; }

    /// <summary>The latest <c>lastReported</c> among them; null when none has one.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The producer's tick: the feed version (<c>lastUpdatedOther</c>) the stations were read from.</summary>
    public required DateTimeOffset Tick { get; init; }

    /// <summary>When this result was computed; the only field that differs between two runs on the same input.</summary>
    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>The quality flags of the summed stations, merged and sorted.</summary>
    public required IReadOnlyList<string> Quality { get; init; }
}
