using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Velib.Core.Feeds;
using Velib.Core.Snapshots;

namespace Velib.Functions;

/// <summary>The producer: at each tick, one keyed message per configured station on <c>velib-projet</c>.</summary>
public sealed partial class PublishStations(SnapshotService snapshots, IConfiguration configuration, ILogger<PublishStations> logger)
{
    /// <summary>
    /// Takes a snapshot and returns one envelope per station (key: its postcode), for the output binding to queue
    /// (see <see cref="ProducerSettings"/> for what delivery means). A tick whose feeds cannot be read within
    /// <c>Velib:TickDeadline</c> throws its <see cref="FeedException"/>: the invocation fails, the worker logs that
    /// exception once (with its one-line reason), nothing is published, and the next tick tries again.
    /// </summary>
    [Function(nameof(PublishStations))]
    [KafkaOutput(AppSettings.BrokerList, AppSettings.StationsTopic,
#if KAFKA_SASL_SSL
        Protocol = BrokerSecurity.Protocol, AuthenticationMode = BrokerSecurity.AuthenticationMode,
        Username = AppSettings.KafkaUsername, Password = AppSettings.KafkaPassword,
#endif
        EnableIdempotence = ProducerSettings.EnableIdempotence, MessageTimeoutMs = ProducerSettings.MessageTimeoutMs,
        MaxRetries = ProducerSettings.MaxRetries)]
    public async Task<string[]?> Run([TimerTrigger(AppSettings.Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue();
        }

        var snapshot = await snapshots.TakeAsync(cancellationToken).ConfigureAwait(false);
        var envelopes = snapshot.ToEnvelopes(AppSettings.StationsTopicOf(configuration));
        return envelopes.Length == 0 ? null : envelopes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer is past due: this tick runs late")]
    private partial void LogPastDue();
}
