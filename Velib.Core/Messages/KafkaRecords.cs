using System.Text.Json;
using Velib.Core.Snapshots;

namespace Velib.Core.Messages;

/// <summary>Serialises the two contracts, bare or in the keyed envelope of the Kafka output binding (key: the postcode).</summary>
public static class KafkaRecords
{
    public static string ToJson(StationMessage message) => JsonSerializer.Serialize(message, MessageJsonContext.Default.StationMessage);

    public static string ToJson(PostcodeTotals totals) => JsonSerializer.Serialize(totals, MessageJsonContext.Default.PostcodeTotals);

    /// <summary>The output-binding string for a station message, keyed by its postcode (or <see cref="KafkaTopics.UnresolvedKey"/>).</summary>
    public static string ToEnvelope(StationMessage message, string topic, DateTimeOffset timestamp) =>
        Envelope(message.Postcode ?? KafkaTopics.UnresolvedKey, ToJson(message), topic, timestamp, $"station/{message.SchemaVersion}");

    /// <summary>The producer's output-binding strings for a snapshot: one per station message, stamped with the snapshot's tick.</summary>
    public static IReadOnlyList<string> ToEnvelopes(Snapshot snapshot, string topic)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return [.. snapshot.Messages.Select(message => ToEnvelope(message, topic, snapshot.Tick))];
    }

    /// <summary>The output-binding string for postcode totals, keyed by the postcode.</summary>
    public static string ToEnvelope(PostcodeTotals totals, string topic, DateTimeOffset timestamp) =>
        Envelope(totals.Postcode, ToJson(totals), topic, timestamp, $"postcode-totals/{totals.SchemaVersion}");

    private static string Envelope(string key, string value, string topic, DateTimeOffset timestamp, string schema) =>
        JsonSerializer.Serialize(
            new KafkaEnvelope
            {
                Topic = topic,
                Timestamp = UtcTimestampConverter.ToText(timestamp),
                Key = key,
                Value = value,
                Headers = [new KafkaHeader("content-type", "application/json"), new KafkaHeader("velib-schema", schema)],
            },
            KafkaEnvelopeJsonContext.Default.KafkaEnvelope);
}
