using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Configuration;
using Velib.Core.Snapshots;
using Velib.Core.Stations;
using Velib.Tests.Reliability;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// The tick is the feed's version (the status document's <c>lastUpdatedOther</c>, else <c>last_updated</c>), not the fetch time: replays, a
/// frozen feed, and a missing or insane version, on the real 2025-10-18 pair.
/// </summary>
public class TickTests
{
    private const string NoVersion = "the status document has no integer version (lastUpdatedOther, or GBFS's last_updated)";

    private static readonly DateTimeOffset Recorded = Fixture.StatusPublishedAt;

    [Fact]
    public async Task A_replay_of_recorded_files_has_the_recorded_tick_and_its_flags_whatever_the_clock()
    {
        var logs = new FakeLogCollector();

        var snapshot = await TakeAsync(Pipeline.RecordedSettings(), Recorded.AddDays(400), logs);

        Assert.Equal("2025-10-18T09:09:16Z", Velib.Core.Messages.UtcTimestampConverter.ToText(snapshot.Tick));
        Assert.All(snapshot.Messages, m => Assert.Equal(Recorded, m.Tick));
        Assert.All(snapshot.Messages, m => Assert.Empty(m.Quality)); // not stale against the tick, not frozen: a replay
        Assert.Empty(logs.Warnings());
        Assert.True(snapshot.FeedTick is { FromFetchTime: false, Frozen: false, Problem: null });
    }

    [Fact]
    public async Task Two_fetches_of_one_feed_version_give_one_tick()
    {
        var first = await BuildAsync(Fixture.Bytes(Fixture.StatusTree()), Recorded.AddSeconds(3));
        var second = await BuildAsync(Fixture.Bytes(Fixture.StatusTree()), Recorded.AddSeconds(61.7));

        Assert.Equal((Recorded, Recorded), (first.Tick, second.Tick));
        Assert.Equal(first.Messages.Select(Velib.Core.Messages.KafkaRecords.ToJson), second.Messages.Select(Velib.Core.Messages.KafkaRecords.ToJson));
    }

    [Fact]
    public async Task A_live_feed_whose_version_is_older_than_FrozenAfter_is_flagged_frozen_with_a_warning()
    {
        var logs = new FakeLogCollector();

        // Fetched over HTTP (a real server on loopback) three hours after the version it serves.
        await using var status = await Faults.HealthySliceAsync(FeedKind.Status);
        await using var information = await Faults.HealthySliceAsync(FeedKind.Information);
        var settings = Faults.FeedSettings(status.Url("station_status.json").ToString(), information.Url("station_information.json").ToString());
        var snapshot = await TakeAsync(settings, Recorded.AddHours(3), logs);

        Assert.Equal(Recorded, snapshot.Tick);
        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode)); // flagged, not left out
        Assert.All(snapshot.Messages, m => Assert.Equal([QualityFlags.FeedFrozen], m.Quality));
        Assert.Equal(
            "Tick 2025-10-18T09:09:16Z: the feed looks frozen: its version 2025-10-18T09:09:16Z is 180 minutes old at the fetch (limit: 10 minutes)",
            Assert.Single(logs.Warnings()));
        Assert.EndsWith(", flagged feed-frozen", snapshot.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public async Task Frozen_is_judged_against_the_fetch_time_with_the_configured_threshold(int minutesOld, bool frozen)
    {
        var snapshot = await BuildAsync(Fixture.Bytes(Fixture.StatusTree()), Recorded.AddMinutes(minutesOld));

        Assert.Equal(frozen, snapshot.FeedTick.Frozen);
        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        Assert.All(snapshot.Messages, m => Assert.Equal(frozen, m.Quality.Contains(QualityFlags.FeedFrozen)));
        Assert.Equal(Recorded, snapshot.Tick);
    }

    [Fact]
    public async Task A_replayed_pair_is_not_judged_frozen()
    {
        var snapshot = await BuildAsync(Fixture.Bytes(Fixture.StatusTree()), Recorded.AddHours(3), replay: true);

        Assert.False(snapshot.FeedTick.Frozen);
        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        Assert.All(snapshot.Messages, m => Assert.Empty(m.Quality));
    }

    [Theory]
    [InlineData(null, NoVersion)]
    [InlineData("\"1760778556\"", NoVersion)]
    [InlineData("1760778556.5", NoVersion)]
    [InlineData("null", NoVersion)]
    [InlineData("0", "the status document's version 0 is not a sane time")]
    [InlineData("1760779000", "the status document's version 1760779000 is not a sane time")]
    [InlineData("99999999999999", "the status document's version 99999999999999 is not a sane time")]
    public async Task Without_a_sane_lastUpdatedOther_the_tick_is_the_fetch_time_flagged(string? value, string problem)
    {
        // 1760779000 is 7 min 24 s after the version: more than five minutes after a fetch at the recorded instant.
        var status = Fixture.StatusTree();
        status.Remove("lastUpdatedOther");
        if (value is not null)
        {
            status["lastUpdatedOther"] = JsonNode.Parse(value);
        }

        var logs = new FakeLogCollector();
        var fetchedAt = Recorded.AddMilliseconds(700);

        var snapshot = await BuildAsync(Fixture.Bytes(status), fetchedAt, logs: logs);

        Assert.Equal(Recorded, snapshot.Tick); // the fetch time, truncated to the second
        Assert.True(snapshot.FeedTick is { FromFetchTime: true, Frozen: false });
        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode)); // flagged, not left out
        Assert.All(snapshot.Messages, m => Assert.Equal([QualityFlags.TickFromFetchTime], m.Quality));
        Assert.StartsWith($"Tick 2025-10-18T09:09:16Z: {problem}", Assert.Single(logs.Warnings()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_lastUpdatedOther_the_gbfs_last_updated_is_the_tick_and_lastUpdatedOther_wins_when_both_are_there(bool both)
    {
        var status = Fixture.StatusTree();
        status.Remove("lastUpdatedOther");
        status["last_updated"] = Recorded.AddMinutes(-1).ToUnixTimeSeconds();
        if (both)
        {
            status["lastUpdatedOther"] = Recorded.ToUnixTimeSeconds();
        }

        var logs = new FakeLogCollector();

        var snapshot = await BuildAsync(Fixture.Bytes(status), Recorded.AddSeconds(30), logs: logs);

        Assert.Equal(both ? Recorded : Recorded.AddMinutes(-1), snapshot.Tick);
        Assert.All(snapshot.Messages, m => Assert.Empty(m.Quality));
        Assert.Empty(logs.Warnings());
    }

    [Fact]
    public async Task A_version_at_the_first_second_of_2000_is_sane_and_is_the_tick()
    {
        var status = Fixture.StatusTree();
        status["lastUpdatedOther"] = FeedTick.Earliest.ToUnixTimeSeconds();

        var snapshot = await BuildAsync(Fixture.Bytes(status), Recorded, replay: true);

        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), snapshot.Tick);
        Assert.True(snapshot.FeedTick is { FromFetchTime: false, Frozen: false, Problem: null });
    }

    [Fact]
    public async Task A_version_up_to_FutureTolerance_after_the_fetch_is_sane_and_is_the_tick()
    {
        // Five minutes after a fetch at the recorded instant, to the second: the producer's clock may lag the feed's.
        var status = Fixture.StatusTree();
        status["lastUpdatedOther"] = Recorded.Add(FeedTick.FutureTolerance).ToUnixTimeSeconds();

        var snapshot = await BuildAsync(Fixture.Bytes(status), Recorded.AddMilliseconds(700));

        Assert.Equal(Recorded.Add(FeedTick.FutureTolerance), snapshot.Tick);
        Assert.True(snapshot.FeedTick is { FromFetchTime: false, Frozen: false, Problem: null });
    }

    [Fact]
    public async Task The_version_is_read_wherever_it_stands_in_the_document()
    {
        // The same document with lastUpdatedOther moved after data, one hour later (derived).
        var status = Fixture.StatusTree();
        status.Remove("lastUpdatedOther");
        status["lastUpdatedOther"] = Recorded.AddHours(1).ToUnixTimeSeconds();
        Assert.EndsWith($"\"lastUpdatedOther\":{Recorded.AddHours(1).ToUnixTimeSeconds()}}}", status.ToJsonString(), StringComparison.Ordinal);

        var snapshot = await BuildAsync(Fixture.Bytes(status), Recorded.AddHours(1));

        Assert.Equal(Recorded.AddHours(1), snapshot.Tick);
        Assert.False(snapshot.FeedTick.FromFetchTime);
    }

    private static async Task<Snapshot> TakeAsync(Dictionary<string, string?> settings, DateTimeOffset now, FakeLogCollector? logs = null)
    {
        await using var services = Pipeline.Build(settings, new FakeTimeProvider(now), logs);
        return await services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None);
    }

    /// <summary>Builds a snapshot of the default stations from a status document and the real information, fetched (over HTTP unless a replay) at <paramref name="fetchedAt"/>.</summary>
    private static async Task<Snapshot> BuildAsync(byte[] status, DateTimeOffset fetchedAt, bool replay = false, FakeLogCollector? logs = null)
    {
        await using var services = Pipeline.Build(Pipeline.RecordedSettings(), new FakeTimeProvider(fetchedAt), logs);
        var pair = new FeedPair(status, Fixture.Information, fetchedAt) { IsReplay = replay };
        return await services.GetRequiredService<SnapshotService>().BuildAsync(pair, CancellationToken.None);
    }
}
