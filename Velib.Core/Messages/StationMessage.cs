namespace Velib.Core.Messages;

/// <summary>The message on <c>velib-projet</c>: one per station per tick, keyed by postcode (the README documents each field).</summary>
public sealed record StationMessage
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>The largest count one station may report: the biggest Vélib' stations have about 150 docks.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The longest name or city carried: a message stays far below the consumer's record limit.</summary>
    public const int MaxTextLength = 200;

    public required int SchemaVersion { get; init; }
    public required string StationCode { get; init; }
    public long? StationId { get; init; }
    public string? Name { get; init; }
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
    public DateTimeOffset? LastReported { get; init; }
    public required DateTimeOffset Tick { get; init; }
    public required int StationsInPostcode { get; init; }
    public required IReadOnlyList<string> Quality { get; init; }
}
