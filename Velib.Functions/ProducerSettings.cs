namespace Velib.Functions;

/// <summary>
/// Producer settings of both Kafka output bindings (attribute arguments, so constants).
/// <para>
/// What the output binding does with them (read in the extension's source, Microsoft.Azure.WebJobs.Extensions.Kafka
/// 4.3.2, the one Worker.Extensions.Kafka 4.3.0 pins: KafkaProducerEntity, KafkaProducer.Produce): it hands every
/// message to librdkafka with <c>Produce</c> and does not wait for its delivery report, so the invocation succeeds as
/// soon as the messages are queued in the process. A message that cannot be delivered within
/// <see cref="MessageTimeoutMs"/> is dropped and logged at Error by the extension (category
/// <c>Microsoft.Azure.WebJobs.Extensions.Kafka.KafkaProducer</c>); the invocation has already succeeded by then and, for
/// the aggregator, its offsets are committed. Output is therefore at most once, and a lost message heals at the next
/// tick, which publishes every station and every postcode total again.
/// </para>
/// </summary>
internal static class ProducerSettings
{
    /// <summary>
    /// Idempotent producer (librdkafka <c>enable.idempotence</c>: acks from all in-sync replicas, retries that neither
    /// duplicate nor reorder a partition). librdkafka sets <c>acks=all</c> itself when idempotence is on and <c>acks</c>
    /// is not set, and the extension's KafkaProducerFactory (4.3.2) sets no <c>acks</c>: read in both sources'
    /// documentation and code, not run here. Without it a retried older total could land after a newer one on the
    /// compacted topic and stay there as the postcode's last value. A constant, not a choice: Apache Kafka and Confluent
    /// Cloud support it, and Azure Event Hubs documents that its Kafka endpoint "supports both idempotent producers and
    /// idempotent consumers" (learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview, "Idempotency";
    /// read, not run against Event Hubs here).
    /// </summary>
    public const bool EnableIdempotence = true;

    /// <summary>
    /// How long librdkafka keeps trying to deliver a message (<c>message.timeout.ms</c>), retries included: 30 s,
    /// half the default one-minute schedule, instead of the extension's 300 s. A message still undelivered by then is
    /// stale (the next tick publishes a newer one), and an unreachable broker shows in the logs within 30 s.
    /// </summary>
    public const int MessageTimeoutMs = 30_000;

    /// <summary>
    /// Retries of a failed send (<c>message.send.max.retries</c>): as many as fit in <see cref="MessageTimeoutMs"/>
    /// (the extension's default, written out to be explicit; idempotence needs retries).
    /// </summary>
    public const int MaxRetries = int.MaxValue;
}
