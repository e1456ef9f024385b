namespace Velib.Core.Messages;

/// <summary>
/// The message published on <c>velib-projet</c>: one per station per tick, keyed by postcode.
/// The README documents it field by field.
/// </summary>
public sealed record StationMessage
{
    /// <summary>The version of this contract; a consumer skips records of a version it does not know.</summary>
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    public required string StationCode { get; init; }

    public long? StationId { get; init; }

    public string? Name { get; init; }

    /// <summary>Null when no source gave one (flag <c>postcode-unresolved</c>).</summary>
    public string? Postcode { get; init; }

    public string? City { get; init; }

    public double? Lat { get; init; }

    public double? Lon { get; init; }

    public int? Capacity { get; init; }

    public required int BikesAvailable { get; init; }

    public required int Mechanical { get; init; }

    public required int Electric { get; init; }

    public int? DocksAvailable { get; init; }

    public required bool IsInstalled { get; init; }

    public required bool IsRenting { get; init; }

    public required bool IsReturning { get; init; }

    /// <summary>The station's own <c>last_reported</c>, UTC; null when the feed has none.</summary>
    public DateTimeOffset? LastReported { get; init; }

    /// <summary>The id of the fetch this message belongs to: its UTC time, to the second.</summary>
    public required DateTimeOffset Tick { get; init; }

    /// <summary>How many stations of this tick share this postcode (for unresolved stations: how many are unresolved).</summary>
    public required int StationsInPostcode { get; init; }

    public required IReadOnlyList<string> Quality { get; init; }
}
