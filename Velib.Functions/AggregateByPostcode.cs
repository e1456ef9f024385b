using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Velib.Core.Aggregation;

namespace Velib.Functions;

/// <summary>The consumer: batches of station messages become complete per-postcode totals on <c>velib-projet-final-data</c>.</summary>
public sealed class AggregateByPostcode(TickAssembly assembly, IConfiguration configuration)
{
    // Instances = lag / this (the extension's target scaler): at its default, 1,000, one tick of `all` (1,495 records)
    // asks for a second instance, and each scale-out is a rebalance that loses the ticks in flight. One instance keeps up.
    private const long LagThreshold = 10_000;

    /// <summary>
    /// One batch through the worker's tick assembly (a singleton: its state outlives the batch); returns the totals it
    /// completed, or null for none. A bad record is logged and skipped. Delivery: docs/functions.md, "Delivery semantics".
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
            ConsumerGroup = AppSettings.ConsumerGroup, IsBatched = true, LagThreshold = LagThreshold)]
        KafkaRecord[] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var envelopes = assembly.Process(records.Select(record => InboundRecord.FromKafka(record.Value, record.Partition, record.Offset))).ToEnvelopes(AppSettings.TotalsTopicOf(configuration));
        return envelopes.Length == 0 ? null : envelopes;
    }
}
