using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Gbfs;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>
/// The producer's tick: fetch both feeds, parse them keeping the configured stations, join, check, resolve
/// postcodes, and build one message per station. Either the whole snapshot is built or a
/// <see cref="FeedException"/> says why: nothing partial comes out of a failed fetch.
/// </summary>
public sealed partial class SnapshotService(FeedReader reader, PostcodeResolver resolver, IOptions<VelibOptions> options, TimeProvider timeProvider, ILogger<SnapshotService> logger)
{
    private readonly VelibOptions options = options.Value;
    private readonly StationSelection selection = StationSelection.Parse(options.Value.Stations);

    /// <summary>
    /// Fetches both feeds and builds the snapshot: the producer's whole tick, within <see cref="VelibOptions.TickDeadline"/>
    /// (measured on the injected <see cref="TimeProvider"/>, every retry and <c>Retry-After</c> wait included).
    /// </summary>
    /// <exception cref="FeedException">A feed could not be fetched or is not a usable GBFS document, or the deadline passed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Snapshot> TakeAsync(CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.TickDeadline, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var feeds = await FetchAsync(linked.Token).ConfigureAwait(false);
            return await BuildAsync(feeds, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FeedException($"tick deadline of {options.TickDeadline.TotalSeconds:0.###} s exceeded", ex);
        }
    }

    /// <summary>Reads both documents, concurrently.</summary>
    /// <exception cref="FeedException">A feed could not be read.</exception>
    public async Task<FeedPair> FetchAsync(CancellationToken cancellationToken)
    {
        var fetchedAt = timeProvider.GetUtcNow();
        var statusLocation = options.ResolveStatusLocation();
        var status = reader.ReadAsync(statusLocation, cancellationToken);
        var information = reader.ReadAsync(options.ResolveInformationLocation(), cancellationToken);
        await Task.WhenAll(status, information).ConfigureAwait(false);
        return new FeedPair(await status.ConfigureAwait(false), await information.ConfigureAwait(false), fetchedAt, IsReplay: FeedReader.HttpUri(statusLocation) is null);
    }

    /// <summary>Builds the snapshot of two documents already read.</summary>
    /// <exception cref="FeedFormatException">A document is not a usable GBFS document.</exception>
    public async Task<Snapshot> BuildAsync(FeedPair feeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var status = StationStatusParser.Parse(feeds.Status, selection);
        var feedTick = FeedTick.Of(status.LastUpdatedOther, feeds.FetchedAt, !feeds.IsReplay, options.FrozenAfter);
        if (feedTick.Problem is { } problem)
        {
            LogTickProblem(UtcTimestampConverter.ToText(feedTick.Tick), problem);
        }

        var joined = StationBuilder.Join(status, StationInformationParser.Parse(feeds.Information, selection), selection, feedTick, options.StaleAfter);
        var resolutions = new PostcodeResolution[joined.Messages.Count];
        for (var i = 0; i < resolutions.Length; i++)
        {
            resolutions[i] = await resolver.ResolveAsync(joined.Messages[i], cancellationToken).ConfigureAwait(false);
        }

        var perPostcode = resolutions.CountBy(r => r.Postcode ?? "").ToDictionary();
        var snapshot = joined with
        {
            Messages = [.. joined.Messages.Zip(resolutions, (station, postcode) => station with
            {
                Postcode = postcode.Postcode,
                City = postcode.City,
                StationsInPostcode = perPostcode[postcode.Postcode ?? ""],
                Quality = postcode.IsResolved ? station.Quality : [.. station.Quality.Append(QualityFlags.PostcodeUnresolved).Order(StringComparer.Ordinal)],
            })],
        };

        Report(snapshot, resolutions);
        return snapshot;
    }

    private void Report(Snapshot snapshot, PostcodeResolution[] resolutions)
    {
        foreach (var code in snapshot.MissingCodes)
        {
            LogMissing(code);
        }

        foreach (var rejected in snapshot.Rejected)
        {
            LogRejected(rejected.StationCode, rejected.Reason);
        }

        foreach (var problem in snapshot.Problems)
        {
            LogProblem(problem);
        }

        for (var i = 0; i < resolutions.Length; i++)
        {
            if (!resolutions[i].IsResolved)
            {
                LogUnresolved(snapshot.Messages[i].StationCode, resolutions[i].Reason ?? "unknown");
            }
        }

        // The summary walks every message: only build it for a logger that writes it.
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogSummary(snapshot.Summary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode} is configured but absent from the feed")]
    private partial void LogMissing(string stationCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode} rejected: {Reason}")]
    private partial void LogRejected(string stationCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed problem: {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode}: postcode unresolved ({Reason}); not summed into any postcode")]
    private partial void LogUnresolved(string stationCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tick {Tick}: {Problem}")]
    private partial void LogTickProblem(string tick, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Summary}")]
    private partial void LogSummary(string summary);
}
