using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Velib.Core.Feeds;
using Velib.Core.Messages;
using Velib.Core.Snapshots;

namespace Velib.Functions;

/// <summary>The producer: at each tick, one keyed message per configured station on <c>velib-projet</c>.</summary>
public sealed partial class PublishStations(SnapshotService snapshots, IConfiguration configuration, ILogger<PublishStations> logger)
{
    /// <summary>
    /// Takes a snapshot and returns one envelope per station (key: its postcode). A tick whose feeds cannot be read
    /// returns null: the host then skips the output binding, so nothing is published, and the next tick tries again.
    /// </summary>
    [Function(nameof(PublishStations))]
    [KafkaOutput(AppSettings.BrokerList, AppSettings.StationsTopic,
        Protocol = BrokerSecurity.Protocol, AuthenticationMode = BrokerSecurity.AuthenticationMode,
        Username = AppSettings.KafkaUsername, Password = AppSettings.KafkaPassword)]
    public async Task<string[]?> Run([TimerTrigger(AppSettings.Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue();
        }

        Snapshot snapshot;
        try
        {
            snapshot = await snapshots.TakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FeedException ex)
        {
            LogFeedFailure(ex.Message);
            return null;
        }

        if (snapshot.Messages.Count == 0)
        {
            return null;
        }

        var topic = AppSettings.StationsTopicOf(configuration);
        return [.. snapshot.Messages.Select(message => KafkaRecords.ToEnvelope(message, topic, snapshot.Tick))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer is past due: this tick runs late")]
    private partial void LogPastDue();

    [LoggerMessage(Level = LogLevel.Error, Message = "Tick skipped, nothing published: {Reason}")]
    private partial void LogFeedFailure(string reason);
}
