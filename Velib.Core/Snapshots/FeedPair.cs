namespace Velib.Core.Snapshots;

/// <summary>The two GBFS documents of one fetch, as read, and when they were fetched.</summary>
public sealed record FeedPair(byte[] Status, byte[] Information, DateTimeOffset FetchedAt)
{
    /// <summary>The id of the fetch: its UTC time, truncated to the second.</summary>
    public DateTimeOffset Tick => new(FetchedAt.UtcTicks - (FetchedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
