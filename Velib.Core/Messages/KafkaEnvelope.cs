namespace Velib.Core.Messages;

/// <summary>
/// The JSON a function writes to a Kafka output binding to set the key. The extension (4.3.2) takes a string as an
/// envelope only when all of <c>Offset, Partition, Topic, Timestamp, Value, Headers</c> are present, else it sends the
/// whole string as the value; offset, partition (-1: from the key) and timestamp are placeholders the broker decides.
/// </summary>
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
