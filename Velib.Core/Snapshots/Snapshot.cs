using Velib.Core.Messages;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>One tick of the producer: the messages to publish, and everything that was left out, with why.</summary>
/// <param name="FeedTick">The tick, and how it was decided: the feed's version or the fetch time, frozen or not.</param>
/// <param name="MissingCodes">Configured stations absent from the feed.</param>
/// <param name="Rejected">Stations of the feed whose data could not be trusted, not published.</param>
/// <param name="Problems">Feed entries that could not be used (no code, not an object, duplicates).</param>
public sealed record Snapshot(
    FeedTick FeedTick,
    IReadOnlyList<StationMessage> Messages,
    IReadOnlyList<string> MissingCodes,
    IReadOnlyList<RejectedStation> Rejected,
    IReadOnlyList<string> Problems)
{
    /// <summary>The feed version the snapshot was built from (see <see cref="Snapshots.FeedTick"/>).</summary>
    public DateTimeOffset Tick => FeedTick.Tick;

    /// <summary>Codes of the published stations whose postcode is unresolved.</summary>
    public IReadOnlyList<string> UnresolvedCodes => [.. Messages.Where(m => m.Postcode is null).Select(m => m.StationCode)];

    /// <summary>A one-line summary for logs and the CLI.</summary>
    public string Summary =>
        $"tick {UtcTimestampConverter.ToText(Tick)}: {Messages.Count} stations published, {MissingCodes.Count} missing from the feed, "
        + $"{Rejected.Count} rejected, {UnresolvedCodes.Count} without postcode, {Problems.Count} feed problems"
        + (FeedTick.Flags.Count > 0 ? $", flagged {string.Join(", ", FeedTick.Flags)}" : "");
}
