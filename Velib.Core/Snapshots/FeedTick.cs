using System.Globalization;
using Velib.Core.Messages;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>
/// The tick of a snapshot: the feed's version (the status document's <c>lastUpdatedOther</c>), so that every fetch of
/// one version gives the same tick; else the fetch time, flagged. <paramref name="Problem"/> says what is wrong, if anything.
/// </summary>
public sealed record FeedTick(DateTimeOffset Tick, bool FromFetchTime, bool Frozen, string? Problem)
{
    /// <summary>A version fetched over HTTP older than this is frozen: the feed is republished about every minute.</summary>
    public static readonly TimeSpan FrozenAfter = TimeSpan.FromMinutes(10);

    /// <summary>A version earlier than this is not a time (the Vélib' GBFS feed dates from 2022).</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far after the fetch (a version) or the tick (a <c>last_reported</c>) a time is still believed: clocks differ a little.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The flag every message of this tick carries, if any: a tick from the fetch time is never also judged frozen.</summary>
    public IReadOnlyList<string> Flags => FromFetchTime ? [QualityFlags.TickFromFetchTime] : Frozen ? [QualityFlags.FeedFrozen] : [];

    /// <param name="judgeFrozen">False for a replay of recorded files: their age is not the feed's.</param>
    public static FeedTick Of(long? lastUpdatedOther, DateTimeOffset fetchedAt, bool judgeFrozen)
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
        if (judgeFrozen && age > FrozenAfter)
        {
            return new(tick, false, true, string.Create(
                CultureInfo.InvariantCulture,
                $"the feed looks frozen: its version {UtcTimestampConverter.ToText(tick)} is {age.TotalMinutes:0} minutes old at the fetch (limit: {FrozenAfter.TotalMinutes:0} minutes)"));
        }

        return new(tick, false, false, null);
    }
}
