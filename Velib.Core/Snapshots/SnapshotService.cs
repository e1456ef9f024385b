using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Gbfs;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>The producer's tick: fetch, keep, join and check, resolve postcodes, build the messages; whole, or a <see cref="FeedException"/>.</summary>
public sealed partial class SnapshotService(FeedReader reader, PostcodeResolver resolver, IOptions<VelibOptions> options, TimeProvider timeProvider, ILogger<SnapshotService> logger)
{
    private const string Reading = "velib:reading";
    private const int MaxNamed = 100, MaxRejectedNamed = 10, MaxReasons = 10;
    private readonly VelibOptions options = options.Value;
    private readonly StationSelection selection = StationSelection.Parse(options.Value.Stations);

    /// <summary>Fetches and builds, within <see cref="VelibOptions.TickDeadline"/>.</summary>
    public Task<Snapshot> TakeAsync(CancellationToken cancellationToken) =>
        WithinDeadlineAsync(async (token, endsAt) => await BuildAsync(await FetchAsync(token).ConfigureAwait(false), token, endsAt).ConfigureAwait(false), cancellationToken);

    /// <summary>Runs a tick within <see cref="VelibOptions.TickDeadline"/> on the injected clock (every retry and wait included); it is told when that ends.</summary>
    public async Task<T> WithinDeadlineAsync<T>(Func<CancellationToken, DateTimeOffset, Task<T>> tick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tick);
        var endsAt = timeProvider.GetUtcNow() + options.TickDeadline;
        using var deadline = new CancellationTokenSource(options.TickDeadline, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await tick(linked.Token, endsAt).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reading = ex.Data[Reading] is string locations ? $" while reading {locations}" : "";
            throw new FeedException($"tick deadline of {options.TickDeadline.TotalSeconds:0.###} s exceeded{reading}", ex);
        }
    }

    public async Task<FeedPair> FetchAsync(CancellationToken cancellationToken)
    {
        var fetchedAt = timeProvider.GetUtcNow();
        var statusLocation = options.ResolveStatusLocation();
        var informationLocation = options.ResolveInformationLocation();
        // A read that fails fails the tick: the other is stopped, not waited for through its retries.
        using var sibling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var status = StopOtherOnFailure(reader.ReadAsync(statusLocation, sibling.Token), sibling);
        var information = StopOtherOnFailure(reader.ReadAsync(informationLocation, sibling.Token), sibling);
        try
        {
            await Task.WhenAll(status, information).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The deadline's message names the documents still being read: a hung or throttling feed, not a slow tick.
            ex.Data[Reading] = string.Join(" and ", new[] { (status, statusLocation), (information, informationLocation) }.Where(read => !read.Item1.IsCompletedSuccessfully).Select(read => Named(read.Item2)));
            throw;
        }

        return new FeedPair(await status.ConfigureAwait(false), await information.ConfigureAwait(false), fetchedAt, FeedLocation.HttpUri(statusLocation) is null, Named(statusLocation), Named(informationLocation));
    }

    private static async Task<byte[]> StopOtherOnFailure(Task<byte[]> read, CancellationTokenSource sibling)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await sibling.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    // A URL's user info and query may hold a secret: messages name it without them.
    private static string Named(string location) => FeedLocation.HttpUri(location) is { } uri ? FeedLocation.Describe(uri) : location;

    /// <param name="tickEndsAt">When the tick's deadline ends, if it has one: the look-ups stop a quarter of it before.</param>
    public async Task<Snapshot> BuildAsync(FeedPair feeds, CancellationToken cancellationToken, DateTimeOffset? tickEndsAt = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var status = StationStatus.Parse(feeds.Status, selection, feeds.StatusSource);
        var feedTick = FeedTick.Of(status.Version, feeds.FetchedAt, !feeds.IsReplay);
        if (feedTick.Problem is { } problem)
        {
            LogTickProblem(UtcTimestampConverter.ToText(feedTick.Tick), problem);
        }

        var joined = StationBuilder.Join(status, StationInformation.Parse(feeds.Information, selection, feeds.InformationSource), selection);

        // Look-ups get half the tick deadline, and stop while a quarter of it is left (slow feeds may have used the
        // rest): a slow or hung geocoder leaves stations unresolved, never the tick failed.
        var half = options.TickDeadline / 2;
        var left = tickEndsAt is { } end ? end - (options.TickDeadline / 4) - timeProvider.GetUtcNow() : half;
        var budget = left < half ? left : half;
        var stopped = budget <= TimeSpan.Zero ? "reverse geocoding not tried: the feeds took more than three quarters of the tick deadline"
            : budget < half ? $"reverse geocoding stopped after {budget.TotalSeconds:0.###} s, with a quarter of the tick deadline left"
            : $"reverse geocoding stopped after {budget.TotalSeconds:0.###} s, half the tick deadline";
        // A source made with no delay is cancelled at once: the look-ups are not tried.
        using var lookups = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.Zero, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lookups.Token);
        var postcodes = new PostcodeResolution[joined.Stations.Count];
        for (var i = 0; i < postcodes.Length; i++)
        {
            var (entry, info, _) = joined.Stations[i];
            try
            {
                postcodes[i] = await resolver.ResolveAsync(entry.StationCode, info?.Lat, info?.Lon, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lookups.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                postcodes[i] = PostcodeResolution.Unresolved(stopped);
            }
        }

        // Unresolved stations share the key "" here, as on the topic: stationsInPostcode counts them too.
        var perPostcode = postcodes.CountBy(p => p.Postcode ?? "").ToDictionary();
        var snapshot = new Snapshot(
            feedTick,
            [.. joined.Stations.Select((station, i) => StationBuilder.Build(station, feedTick, postcodes[i], perPostcode[postcodes[i].Postcode ?? ""]))],
            joined.MissingCodes,
            joined.Rejected,
            joined.Problems);
        Report(snapshot, postcodes);
        return snapshot;
    }

    private void Report(Snapshot snapshot, PostcodeResolution[] postcodes)
    {
        // One line, naming the first codes: a configured list of thousands (a copy of another network's) is not thousands of lines.
        if (snapshot.MissingCodes.Count > 0)
        {
            LogMissing(snapshot.MissingCodes.Count, TextCut.FirstNamed(snapshot.MissingCodes, snapshot.MissingCodes.Count, MaxNamed));
        }

        // One line per cause, naming the first stations with their values: a feed of 300,000 bad stations was as many lines.
        foreach (var group in snapshot.Rejected.GroupBy(r => r.Cause, StringComparer.Ordinal))
        {
            var count = group.Count();
            if (count == 1)
            {
                LogRejected(group.First().StationCode, group.First().Reason);
            }
            else
            {
                LogRejectedMany(count, group.Key, TextCut.FirstNamed(group.Select(r => r.Value is { } value ? $"{r.StationCode} ({value})" : r.StationCode), count, MaxRejectedNamed));
            }
        }

        foreach (var problem in snapshot.Problems)
        {
            LogProblem(problem.Text);
        }

        // An information document older than the status one (a station opened since) leaves names and positions out.
        if (snapshot.Messages.Where(m => m.Quality.Contains(QualityFlags.NoInformation)).Select(m => m.StationCode).ToList() is { Count: > 0 } uninformed)
        {
            LogNoInformation(uninformed.Count, TextCut.FirstNamed(uninformed, uninformed.Count, MaxNamed));
        }

        // One line per cause, naming its first stations: a geocoder outage is one line, not one per station. Past ten
        // causes (a geocoder answering each station a different wrong postcode), the rest are one line.
        var unresolved = snapshot.Messages.Zip(postcodes).Where(p => !p.Second.IsResolved).GroupBy(p => p.Second.Reason ?? "unknown", StringComparer.Ordinal).ToList();
        foreach (var group in unresolved.Take(MaxReasons))
        {
            LogUnresolved(group.Count(), group.Key, TextCut.FirstNamed(group.Select(p => p.First.StationCode), group.Count(), MaxNamed));
        }

        if (unresolved.Skip(MaxReasons).SelectMany(group => group).Select(p => p.First.StationCode).ToList() is { Count: > 0 } others)
        {
            LogUnresolved(others.Count, $"{unresolved.Count - MaxReasons} other reasons", TextCut.FirstNamed(others, others.Count, MaxNamed));
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            LogSummary(snapshot.Summary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} configured station(s) absent from the feed: {StationCodes}")]
    private partial void LogMissing(int count, string stationCodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode} rejected: {Reason}")]
    private partial void LogRejected(string stationCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} stations rejected ({Cause}): {StationCodes}")]
    private partial void LogRejectedMany(int count, string cause, string stationCodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed problem: {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} station(s) without postcode ({Reason}), not summed into any postcode: {StationCodes}")]
    private partial void LogUnresolved(int count, string reason, string stationCodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} station(s) absent from station_information.json, published without name, position or capacity: {StationCodes}")]
    private partial void LogNoInformation(int count, string stationCodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tick {Tick}: {Problem}")]
    private partial void LogTickProblem(string tick, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {Summary}")]
    private partial void LogSummary(string summary);
}
