using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Velib.Core.Consumer;
using Velib.Core.Messages;

namespace Velib.Functions;

/// <summary>The consumer: batches of station messages become complete per-postcode totals on <c>velib-projet-final-data</c>.</summary>
public sealed class AggregateByPostcode(TotalsConsumer consumer, IConfiguration configuration)
{
    /// <summary>
    /// Takes one batch into the worker's tick assembly (<c>Velib.Core.Aggregation.TickAssembly</c>, a singleton whose
    /// state outlives the batch) and returns the totals the batch completed, or null when it completed none. A total
    /// is published only once every station of its (tick, postcode) is in, whatever batches they came in; a
    /// postcode's published ticks only go up within this worker; a record of the newest tick published for its postcode
    /// (a redelivery) republishes that total, identical, once per batch, and records of older ticks are ignored. A malformed record is rejected and logged without stopping the batch;
    /// Velib.Core logs one line per batch (published, held incomplete, dropped, late, rejected).
    /// Delivery: the output binding is fire-and-forget. With the extension 4.3.2 and the broker unreachable, the
    /// invocation still succeeds and the totals of that batch are lost (verified with the real extension, not here);
    /// the assembly counts them as published, so that (tick, postcode) is not published again unless one of its records
    /// arrives again, and the next
    /// complete tick of each postcode replaces it. The state is in this process only: after a restart or a
    /// rebalance, a tick that was in flight cannot complete and is not published; the next tick is.
    /// docs/functions.md, "Delivery semantics", states the exact guarantee.
    /// </summary>
    [Function(nameof(AggregateByPostcode))]
    [ExponentialBackoffRetry(3, "00:00:05", "00:01:00")]
    [KafkaOutput(AppSettings.BrokerList, AppSettings.TotalsTopic,
#if KAFKA_SASL_SSL
        Protocol = BrokerSecurity.Protocol, AuthenticationMode = BrokerSecurity.AuthenticationMode,
        Username = AppSettings.KafkaUsername, Password = AppSettings.KafkaPassword,
#endif
        EnableIdempotence = ProducerSettings.EnableIdempotence, MessageTimeoutMs = ProducerSettings.MessageTimeoutMs,
        MaxRetries = ProducerSettings.MaxRetries)]
    public string[]? Run(
        [KafkaTrigger(AppSettings.BrokerList, AppSettings.StationsTopic,
#if KAFKA_SASL_SSL
            Protocol = BrokerSecurity.Protocol, AuthenticationMode = BrokerSecurity.AuthenticationMode,
            Username = AppSettings.KafkaUsername, Password = AppSettings.KafkaPassword,
#endif
            ConsumerGroup = AppSettings.ConsumerGroup, IsBatched = true)]
        KafkaRecord[] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return consumer.ConsumeToEnvelopes(
            records.Select(record => new InboundRecord(record.Value ?? [], $"partition {record.Partition}, offset {record.Offset}")),
            AppSettings.TotalsTopicOf(configuration));
    }
}
