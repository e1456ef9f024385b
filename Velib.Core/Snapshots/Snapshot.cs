using Velib.Core.Messages;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>One tick of the producer: the messages to publish, and everything that was left out, with why.</summary>
/// <param name="Rejected">Every station rejected, as <paramref name="Messages"/> holds every one published.</param>
/// <param name="Problems">One line per problem and document, each counting the entries or stations it concerns.</param>
public sealed record Snapshot(
    FeedTick FeedTick,
    IReadOnlyList<StationMessage> Messages,
    IReadOnlyList<string> MissingCodes,
    IReadOnlyList<RejectedStation> Rejected,
    IReadOnlyList<FeedProblem> Problems)
{
    public DateTimeOffset Tick => FeedTick.Tick;

    /// <summary>What the producer publishes: one envelope per station, keyed by its postcode and stamped with the tick.</summary>
    public string[] ToEnvelopes(string topic) => [.. Messages.Select(message => KafkaRecords.ToEnvelope(message, topic, Tick))];

    public IReadOnlyList<string> UnresolvedCodes => [.. Messages.Where(m => m.Postcode is null).Select(m => m.StationCode)];

    public string Summary =>
        $"tick {UtcTimestampConverter.ToText(Tick)}: {Messages.Count} stations published, {MissingCodes.Count} missing from the feed, "
        + $"{Rejected.Count} rejected, {UnresolvedCodes.Count} without postcode, {Problems.Sum(p => p.Count)} feed problems"
        + (FeedTick.Flags.Count > 0 ? $", flagged {string.Join(", ", FeedTick.Flags)}" : "");
}
