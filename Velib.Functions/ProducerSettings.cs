namespace Velib.Functions;

/// <summary>
/// The producer settings of both Kafka output bindings (attribute arguments, so constants). Delivery is at most once:
/// the binding queues each message and does not await its delivery, and a lost message heals at the next tick
/// (docs/functions.md, "Kafka output: what the binding does": read in the extension's source, 4.3.2, not run here).
/// </summary>
internal static class ProducerSettings
{
    // Retries that neither duplicate nor reorder a partition: a retried older total cannot land after a newer one on the
    // compacted topic. librdkafka then asks acks from all in-sync replicas; Kafka, Confluent Cloud and Event Hubs document
    // support for it (read, not run against them here).
    public const bool EnableIdempotence = true;

    // 30 s, half the one-minute schedule, not the extension's 300 s: an undelivered message is stale by then, and an
    // unreachable broker shows in the logs sooner.
    public const int MessageTimeoutMs = 30_000;

    // As many as fit in MessageTimeoutMs: the extension's default, written out, as idempotence needs retries.
    public const int MaxRetries = int.MaxValue;
}
