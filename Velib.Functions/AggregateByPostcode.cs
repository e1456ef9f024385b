using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Messages;

namespace Velib.Functions;

/// <summary>The consumer: each batch of station messages becomes per-postcode totals on <c>velib-projet-final-data</c>.</summary>
public sealed partial class AggregateByPostcode(
    IOptions<VelibOptions> options,
    TimeProvider timeProvider,
    IConfiguration configuration,
    ILogger<AggregateByPostcode> logger)
{
    /// <summary>
    /// Aggregates one batch. A malformed record is rejected (and logged) without stopping the batch. An exception
    /// (in practice: the output binding cannot reach the broker) fails the invocation: it is retried with back-off,
    /// then the extension redelivers the batch without committing (host.json: commitOnFailure false, maxRetries).
    /// The totals depend only on the records, so a batch processed twice republishes the same totals under the
    /// same keys, which the compacted topic collapses.
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
        var computedAt = timeProvider.GetUtcNow();
        var result = PostcodeAggregator.AggregateRecords(records.Select(ToInbound), options.Value.MaxRecordBytes, computedAt);

        foreach (var rejected in result.Rejected)
        {
            LogRejected(rejected.Origin, rejected.Reason);
        }

        foreach (var station in result.UnresolvedStations)
        {
            LogUnresolved(station);
        }

        LogBatch(records.Length, result.Totals.Count, result.Rejected.Count, result.UnresolvedStations.Count);
        if (result.Totals.Count == 0)
        {
            return null;
        }

        var topic = AppSettings.TotalsTopicOf(configuration);
        return [.. result.Totals.Select(totals => KafkaRecords.ToEnvelope(totals, topic, computedAt))];
    }

    private static InboundRecord ToInbound(KafkaRecord record) =>
        new(record.Value ?? [], $"partition {record.Partition}, offset {record.Offset}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record at {Origin} rejected: {Reason}")]
    private partial void LogRejected(string origin, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode} has no postcode: not summed into any total")]
    private partial void LogUnresolved(string stationCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Records} records: {Totals} postcode totals published, {Rejected} rejected, {Unresolved} stations without postcode")]
    private partial void LogBatch(int records, int totals, int rejected, int unresolved);
}
