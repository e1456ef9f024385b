namespace Velib.Core.Messages;

/// <summary>
/// The JSON a function of the isolated worker writes to a Kafka output binding to set the message key.
/// The extension treats a string as such an envelope only when all of <c>Offset, Partition, Topic, Timestamp,
/// Value, Headers</c> are present (and reads <c>Key</c> when it is); otherwise it silently sends the whole string
/// as the value. <c>Timestamp</c> must parse as a date and header values are strings. Offset, partition and
/// timestamp are chosen by the broker; the values here are placeholders (<c>Partition = -1</c>: any partition,
/// picked from the key).
/// The batched trigger hands the same shape back, with real offset, partition and timestamp.
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
