namespace Velib.Core.Snapshots;

/// <summary>The two GBFS documents of one fetch, as read, and when they were fetched.</summary>
/// <param name="IsReplay">
/// Whether the status document was read from a file (a replay of recorded data) rather than over HTTP. A replay's
/// feed version is not judged frozen against the fetch time: its age says when it was recorded, not that the feed froze.
/// </param>
public sealed record FeedPair(byte[] Status, byte[] Information, DateTimeOffset FetchedAt, bool IsReplay = false);
