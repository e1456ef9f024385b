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
            Headers = [new KafkaHeader("content-type", "application/json"), new KafkaHeader("velib-schema", schema)],
        },
        MessageJson.KafkaEnvelope);
}
