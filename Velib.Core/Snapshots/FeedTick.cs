using System.Globalization;
using Velib.Core.Messages;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>
/// The tick of a snapshot: the version of the feed it was built from, the status document's <c>lastUpdatedOther</c>
/// (UTC seconds), so that every fetch of one feed version gives the same tick. Without a sane version the tick is
/// the fetch time, to the second, flagged <c>tick-from-fetch-time</c>; a live version older than
/// <c>FrozenAfter</c> is flagged <c>feed-frozen</c>.
/// </summary>
/// <param name="Tick">The feed version (or the fetch time), UTC, whole seconds.</param>
/// <param name="Problem">Why the feed's version was not used, or why it is suspect; null when all is well.</param>
public sealed record FeedTick(DateTimeOffset Tick, bool FromFetchTime, bool Frozen, string? Problem)
{
    /// <summary>A version earlier than this is not a time (the Vélib' GBFS feed dates from 2022).</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far after the fetch (a version) or the tick (a <c>last_reported</c>) a feed's time may be and still be believed: clocks differ a little.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The quality flag every message of this tick carries, if any: a tick from the fetch time is never also judged frozen.</summary>
    public IReadOnlyList<string> Flags => FromFetchTime ? [QualityFlags.TickFromFetchTime] : Frozen ? [QualityFlags.FeedFrozen] : [];

    /// <summary>Decides the tick of a fetch.</summary>
    /// <param name="lastUpdatedOther">The status document's <c>lastUpdatedOther</c>, if it is an integer.</param>
    /// <param name="fetchedAt">When the documents were fetched.</param>
    /// <param name="judgeFrozen">False for a replay of recorded files: their age is not the feed's.</param>
    /// <param name="frozenAfter">A version older than this at the fetch is frozen.</param>
    public static FeedTick Of(long? lastUpdatedOther, DateTimeOffset fetchedAt, bool judgeFrozen, TimeSpan frozenAfter)
    {
        var fetchSecond = new DateTimeOffset(fetchedAt.UtcTicks - (fetchedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (lastUpdatedOther is not { } seconds)
        {
            return new(fetchSecond, true, false, "the status document has no integer lastUpdatedOther");
        }

        if (seconds < Earliest.ToUnixTimeSeconds() || seconds > (fetchedAt + FutureTolerance).ToUnixTimeSeconds())
        {
            return new(fetchSecond, true, false, string.Create(
                CultureInfo.InvariantCulture,
                $"the status document's lastUpdatedOther {seconds} is not a sane time (before 2000, or more than {FutureTolerance.TotalMinutes:0} minutes after the fetch at {UtcTimestampConverter.ToText(fetchSecond)})"));
        }

        var tick = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var age = fetchedAt - tick;
        if (judgeFrozen && age > frozenAfter)
        {
            return new(tick, false, true, string.Create(
                CultureInfo.InvariantCulture,
                $"the feed looks frozen: its version {UtcTimestampConverter.ToText(tick)} is {age.TotalMinutes:0} minutes old at the fetch (limit: FrozenAfter, {frozenAfter.TotalMinutes:0} minutes)"));
        }

        return new(tick, false, false, null);
    }
}
