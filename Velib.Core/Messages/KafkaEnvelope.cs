namespace Velib.Core.Messages;

// The extension (4.3.2) takes a string as an envelope only with all of Offset, Partition, Topic, Timestamp, Value,
// Headers, else it sends it whole as the value; offset, partition (-1: by key) and timestamp are the broker's.
/// <summary>The JSON a function writes to a Kafka output binding to set the key.</summary>
public sealed record KafkaEnvelope
{
    public long Offset { get; init; }
    public int Partition { get; init; } = -1;
    public required string Topic { get; init; }
    public required string Timestamp { get; init; }
    public string? Key { get; init; }
    public required string Value { get; init; }
    public IReadOnlyList<KafkaHeader> Headers { get; init; } = [];
}

public sealed record KafkaHeader(string Key, string? Value);
