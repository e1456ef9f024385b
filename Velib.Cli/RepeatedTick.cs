using Velib.Core.Snapshots;

namespace Velib.Cli;

/// <summary>The producer's tick for <c>--repeat</c>: the first pass fetches the feeds, the next reuse them; each pass is held to <c>Velib:TickDeadline</c>.</summary>
internal sealed class RepeatedTick(SnapshotService snapshots)
{
    private FeedPair? feeds;

    public Task<Snapshot> TakeAsync(CancellationToken cancellationToken) => snapshots.WithinDeadlineAsync(
        async (tick, endsAt) => await snapshots.BuildAsync(feeds ??= await snapshots.FetchAsync(tick).ConfigureAwait(false), tick, endsAt).ConfigureAwait(false),
        cancellationToken);
}
