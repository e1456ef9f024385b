using System.Text.Json;

namespace Velib.Core.Messages;

/// <summary>The two contracts as JSON, bare or in the keyed envelope of the Kafka output binding (key: the postcode).</summary>
public static class KafkaRecords
{
    public static string ToJson(StationMessage message) => JsonSerializer.Serialize(message, MessageJson.StationMessage);

    public static string ToJson(PostcodeTotals totals) => JsonSerializer.Serialize(totals, MessageJson.PostcodeTotals);

    public static string ToEnvelope(StationMessage message, string topic, DateTimeOffset timestamp) =>
        Envelope(message.Postcode ?? KafkaTopics.UnresolvedKey, ToJson(message), topic, timestamp, $"station/{message.SchemaVersion}");

    public static string ToEnvelope(PostcodeTotals totals, string topic, DateTimeOffset timestamp) =>
        Envelope(totals.Postcode, ToJson(totals), topic, timestamp, $"postcode-totals/{totals.SchemaVersion}");

    private static string Envelope(string key, string value, string topic, DateTimeOffset timestamp, string schema) => JsonSerializer.Serialize(
        new KafkaEnvelope
        {
            Topic = topic,
            Timestamp = UtcTimestampConverter.ToText(timestamp),
            Key = key,
            Value = value,
            Headers = [new("content-type", "application/json"), new("velib-schema", schema)],
        },
        MessageJson.KafkaEnvelope);
}

// What a function writes to a Kafka output binding to set the key. The extension (4.3.2; verified outside this repo, it
// cannot run here) takes a string as an envelope only with all of Offset, Partition, Topic, Timestamp, Value, Headers,
// else it sends it whole as the value; of these only Key, Value and Headers reach the record (its KafkaMessageBuilder):
// the partition follows from the key, the topic is the binding's, and the record's timestamp is its produce time.
internal sealed record KafkaEnvelope
{
    public long Offset { get; init; }
    public int Partition { get; init; } = -1;
    public required string Topic { get; init; }
    public required string Timestamp { get; init; }
    public string? Key { get; init; }
    public required string Value { get; init; }
    public IReadOnlyList<KeyValuePair<string, string?>> Headers { get; init; } = [];
}
