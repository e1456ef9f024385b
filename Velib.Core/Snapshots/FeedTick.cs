using System.Globalization;
using Velib.Core.Messages;
using Velib.Core.Stations;

namespace Velib.Core.Snapshots;

/// <summary>A snapshot's tick: the feed's version (<c>lastUpdatedOther</c>, else <c>last_updated</c>), so every fetch of it agrees; else the fetch time, flagged.</summary>
public sealed record FeedTick(DateTimeOffset Tick, bool FromFetchTime, bool Frozen, string? Problem)
{
    /// <summary>A version fetched over HTTP older than this is frozen: the feed is republished about every minute.</summary>
    public static readonly TimeSpan FrozenAfter = TimeSpan.FromMinutes(10);

    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far after the fetch (a version) or the tick (a <c>last_reported</c>) a time is still believed: clocks differ a little.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public IReadOnlyList<string> Flags => FromFetchTime ? [QualityFlags.TickFromFetchTime] : Frozen ? [QualityFlags.FeedFrozen] : [];

    public static FeedTick Of(long? version, DateTimeOffset fetchedAt, bool judgeFrozen)
    {
        var fetchSecond = DateTimeOffset.FromUnixTimeSeconds(fetchedAt.ToUnixTimeSeconds());
        if (version is not { } seconds)
        {
            return new(fetchSecond, true, false, "the status document has no integer version (lastUpdatedOther, or GBFS's last_updated)");
        }

        if (seconds < Earliest.ToUnixTimeSeconds() || seconds > (fetchedAt + FutureTolerance).ToUnixTimeSeconds())
        {
            return new(fetchSecond, true, false, string.Create(
                CultureInfo.InvariantCulture,
                $"the status document's version {seconds} is not a sane time (before 2000, or more than {FutureTolerance.TotalMinutes:0} minutes after the fetch at {UtcTimestampConverter.ToText(fetchSecond)})"));
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
