namespace Velib.Core.Snapshots;

/// <summary>The two GBFS documents of one fetch, where they came from, and when.</summary>
/// <param name="IsReplay">Read from files: a recorded feed's age says when it was recorded, not that the feed froze.</param>
public sealed record FeedPair(byte[] Status, byte[] Information, DateTimeOffset FetchedAt, bool IsReplay = false, string? StatusSource = null, string? InformationSource = null);
