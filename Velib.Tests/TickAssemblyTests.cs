using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Core.Snapshots;
using Velib.Tests.Reliability;
using Velib.Tests.Support;
using static Velib.Tests.Support.Messages;

namespace Velib.Tests;

/// <summary>
/// Tick assembly across batches, deterministic cases on the real <c>all</c> snapshot (and ticks derived from it):
/// a tick split between batches, a restart, superseded, late and redelivered ticks, the horizon and the cap.
/// </summary>
public class TickAssemblyTests
{
    private static IReadOnlyList<StationMessage> Tick0 => RealMessages.All.Messages;

    [Fact]
    public void The_measured_split_publishes_75015_whole_and_nothing_partial()
    {
        // The case: the real `all` snapshot in two batches cut after its 371st message.
        var records = Assemblies.Records(Tick0);
        var truth = Assemblies.Truth(Tick0);
        var assembly = Assemblies.New();

        var first = assembly.Process(records[..371]);
        var second = assembly.Process(records[371..]);

        var paris15 = Assert.Single(second.Published, t => t.Postcode == "75015");
        Assert.Equal((1795, 88, 88, true), (paris15.TotalBikes, paris15.StationCount, paris15.StationsExpected, paris15.Complete));
        Assert.DoesNotContain(first.Published, t => t.Postcode == "75015");
        Assert.All(first.Published.Concat(second.Published), t => Assert.Equal(truth[(t.Tick, t.Postcode)], KafkaRecords.ToJson(t)));
        Assert.Equal(truth.Count, first.Published.Count + second.Published.Count);
        Assert.Equal((0, 0), (second.Held, second.Dropped));

        // The case's premise (on the test's one-batch oracle): summed batch by batch, 10 postcodes would end partial, 75015 at 804 / 44.
        var statelessLast = OneBatchAggregator.AggregateRecords(records[..371], Assemblies.ComputedAt).Totals
            .Concat(OneBatchAggregator.AggregateRecords(records[371..], Assemblies.ComputedAt).Totals)
            .GroupBy(t => t.Postcode).Select(g => g.Last()).ToList();
        Assert.Equal(10, statelessLast.Count(t => !t.Complete));
        Assert.Equal((804, 44), statelessLast.Where(t => t.Postcode == "75015").Select(t => (t.TotalBikes, t.StationCount)).Single());
    }

    [Fact]
    public void Whatever_the_cut_of_the_real_snapshot_into_two_batches_every_last_value_is_the_whole_tick()
    {
        // Every one of the 1,494 cut points; compared on the counts (the JSON of each is compared in the other cases).
        var truth = OneBatchAggregator.Aggregate(Tick0, Assemblies.ComputedAt).Totals.ToDictionary(t => t.Postcode, Counts);
        for (var cut = 1; cut < Tick0.Count; cut++)
        {
            var assembly = Assemblies.New();
            var first = assembly.Process(Tick0.Take(cut));
            var second = assembly.Process(Tick0.Skip(cut));

            var published = first.Published.Concat(second.Published).ToList();
            Assert.Equal(truth.Count, published.Count);
            foreach (var totals in published)
            {
                Assert.Equal(truth[totals.Postcode], Counts(totals));
            }
        }

        static (int, int, int, int, int, int, bool) Counts(PostcodeTotals t) =>
            (t.TotalBikes, t.MechanicalBikes, t.ElectricBikes, t.DocksAvailable, t.StationCount, t.StationsExpected, t.Complete);
    }

    [Fact]
    public void A_tick_split_inside_every_postcode_is_published_only_by_the_batch_that_completes_it()
    {
        // Batch 1: every station but the last of each postcode; batch 2: the last ones.
        var lastOfPostcode = Tick0.Where(m => m.Postcode is not null).GroupBy(m => m.Postcode).Select(g => g.Last()).ToHashSet();
        var assembly = Assemblies.New();

        var first = assembly.Process(Assemblies.Records(Tick0.Where(m => !lastOfPostcode.Contains(m))));
        var second = assembly.Process(Assemblies.Records(lastOfPostcode));

        var truth = Assemblies.Truth(Tick0);
        Assert.Empty(first.Published);
        Assert.Equal(truth.Count - 3, first.Held); // three postcodes have a single station: none of theirs in batch 1
        Assert.Equal(3, truth.Count - lastOfPostcode.Count(m => m.StationsInPostcode > 1));
        Assert.Equal(84, first.Unresolved);
        Assert.Equal(truth.Values, second.Published.Select(KafkaRecords.ToJson));
        Assert.Equal(17418, second.Published.Sum(t => t.TotalBikes));
        Assert.Equal(0, second.Held);
    }

    [Fact]
    public void A_restart_mid_tick_publishes_nothing_wrong_and_the_next_tick_heals()
    {
        var half = Tick0.Count / 2;
        var before = Assemblies.New();
        var beforeRestart = before.Process(Assemblies.Records(Tick0.Take(half)));

        // A new worker: fresh state, gets the rest of tick 0, then tick 1 (derived) whole.
        var after = Assemblies.New();
        var rest = after.Process(Assemblies.Records(Tick0.Skip(half)));
        var next = after.Process(Assemblies.Records(RealMessages.DerivedTick(1)));

        var truth0 = Assemblies.Truth(Tick0);
        Assert.All(beforeRestart.Published.Concat(rest.Published), t => Assert.Equal(truth0[(t.Tick, t.Postcode)], KafkaRecords.ToJson(t)));
        var firstHalf = Tick0.Take(half).ToHashSet();
        var split = Tick0.Where(m => m.Postcode is not null).GroupBy(m => m.Postcode!)
            .Where(g => g.Any(firstHalf.Contains) && !g.All(firstHalf.Contains)).Select(g => g.Key).ToList();
        Assert.NotEmpty(split);
        Assert.DoesNotContain(beforeRestart.Published.Concat(rest.Published), t => split.Contains(t.Postcode));
        Assert.Equal(truth0.Count, beforeRestart.Published.Count + rest.Published.Count + split.Count);

        var truth1 = Assemblies.Truth(RealMessages.DerivedTick(1));
        Assert.Equal(truth1.Values, next.Published.Select(KafkaRecords.ToJson));
        Assert.Equal(split.Count, next.Dropped);
        Assert.Equal(0, next.Held);
    }

    // 16107 comes three times (earlier, then its latest twice), 16108 with an earlier reading; 16118 completes the tick.
    [Theory]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 2, 3, 1 })]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 })]
    public void A_station_counts_once_with_its_latest_reading_whatever_batch_brings_it(int[] batchSizes)
    {
        StationMessage[] records =
        [
            Station("16107", "75016", 1, 4, lastReportedMinute: 1, stationsInPostcode: 3),
            Station("16108", "75016", 2, 2, stationsInPostcode: 3),
            Station("16107", "75016", 9, 9, lastReportedMinute: 5, stationsInPostcode: 3),
            Station("16108", "75016", 7, 7, lastReportedMinute: -1, stationsInPostcode: 3),
            Station("16107", "75016", 9, 9, lastReportedMinute: 5, stationsInPostcode: 3),
            Station("16118", "75016", 1, 0, stationsInPostcode: 3),
        ];
        var assembly = Assemblies.New();

        var results = batchSizes.Select((size, i) => assembly.Process(Assemblies.Records(records.Skip(batchSizes[..i].Sum()).Take(size)))).ToList();

        Assert.All(results[..^1], result => Assert.Empty(result.Published));
        var totals = Assert.Single(results[^1].Published);
        Assert.Equal((23, 12, 11, 3), (totals.TotalBikes, totals.MechanicalBikes, totals.ElectricBikes, totals.StationCount));
        Assert.Equal(Fixture.StatusPublishedAt.AddMinutes(-25), totals.AsOf);
    }

    [Fact]
    public void A_group_waits_for_the_largest_station_count_any_of_its_messages_states()
    {
        var assembly = Assemblies.New();

        var first = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, stationsInPostcode: 3), Station("16108", "75016", 2, 2, stationsInPostcode: 2)]));
        var second = assembly.Process(Assemblies.Records([Station("16118", "75016", 1, 0, stationsInPostcode: 2)]));

        Assert.Empty(first.Published);
        var totals = Assert.Single(second.Published);
        Assert.Equal((3, 3, true), (totals.StationCount, totals.StationsExpected, totals.Complete));
    }

    [Fact]
    public void A_total_takes_the_city_of_the_lowest_station_code_and_the_flags_of_all_its_stations()
    {
        var assembly = Assemblies.New();

        var report = assembly.Process(Assemblies.Records(
        [
            Station("16108", "75016", 2, 2, stationsInPostcode: 3, city: "Paris 16e") with { Quality = ["not-renting", "stale"] },
            Station("16118", "75016", 1, 0, stationsInPostcode: 3, city: null),
            Station("16107", "75016", 1, 4, stationsInPostcode: 3) with { Quality = ["stale"] },
        ]));

        var totals = Assert.Single(report.Published);
        Assert.Equal("Paris", totals.City);
        Assert.Equal(["not-renting", "stale"], totals.Quality);
        Assert.Equal(["16107", "16108", "16118"], totals.StationCodes);
    }

    [Fact]
    public void Records_of_a_published_tick_that_count_more_stations_are_late_and_said_once_a_batch()
    {
        // One producer keeps 16107 alone (1 station in 75016), another the whole network (16107 and 16108 in it).
        var logs = new FakeLogCollector();
        var assembly = Assemblies.New(logs);

        var result = assembly.Process(Assemblies.Records([
            Station("16107", "75016", 1, 4, stationsInPostcode: 1),
            Station("16107", "75016", 1, 4, stationsInPostcode: 2),
            Station("16108", "75016", 9, 7, stationsInPostcode: 2),
        ]));
        var redelivered = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, stationsInPostcode: 1)]));
        var later = assembly.Process(Assemblies.Records([Station("16108", "75016", 9, 7, stationsInPostcode: 2)]));

        Assert.Equal(("75016", 5, 1), result.Published.Select(t => (t.Postcode, t.TotalBikes, t.StationCount)).Single());
        Assert.Equal(2, result.Late);
        Assert.Single(redelivered.Published); // a record that agrees republishes, and says nothing
        Assert.Equal((5, 1), (Assert.Single(later.Published).TotalBikes, later.Late)); // the same total put back, and the disagreement said again
        Assert.Equal(
            [
                "Postcode 75016: tick 2025-10-18T09:09:16Z was published with 1 station(s), but station 16107 counts 2: do two producers keep different stations?",
                "Postcode 75016: tick 2025-10-18T09:09:16Z was published with 1 station(s), but station 16108 counts 2: do two producers keep different stations?",
            ],
            logs.Warnings());
    }

    [Fact]
    public void A_newer_tick_published_drops_the_older_incomplete_one_and_says_so()
    {
        var logs = new FakeLogCollector();
        var assembly = Assemblies.New(logs);

        var first = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, stationsInPostcode: 2)]));
        var second = assembly.Process(Assemblies.Records([Station("16107", "75016", 2, 2, tick: Tick2, stationsInPostcode: 1)]));
        var late = assembly.Process(Assemblies.Records([Station("16020", "75016", 3, 0, stationsInPostcode: 2)]));

        Assert.Empty(first.Published);
        Assert.Equal(1, first.Held);
        Assert.Equal((Tick2, 4), second.Published.Select(t => (t.Tick, t.TotalBikes)).Single());
        Assert.Equal((1, 0), (second.Dropped, second.Held));
        Assert.Equal("Postcode 75016: incomplete tick 2025-10-18T09:09:16Z dropped, 1 of 2 stations in: tick 2025-10-18T09:10:16Z was published", Assert.Single(logs.Warnings()));

        // The rest of the older tick comes too late: never published, never held.
        Assert.Empty(late.Published);
        Assert.Equal((1, 0, 0), (late.Late, late.Held, assembly.Held.Stations));
    }

    [Fact]
    public void A_redelivered_batch_republishes_the_same_totals_and_an_old_tick_replayed_late_publishes_nothing()
    {
        var tick0 = Assemblies.Records(Tick0);
        var tick1 = Assemblies.Records(RealMessages.DerivedTick(1));
        var assembly = Assemblies.New();

        var published0 = assembly.Process(tick0);
        var redelivered = assembly.Process(tick0);
        var published1 = assembly.Process(tick1);
        var replayed = assembly.Process(tick0);

        Assert.Equal(published0.Published.Select(KafkaRecords.ToJson), redelivered.Published.Select(KafkaRecords.ToJson));
        Assert.Equal(Tick0.Count(m => m.Postcode is not null), redelivered.Late);
        Assert.Equal(Assemblies.Truth(RealMessages.DerivedTick(1)).Values, published1.Published.Select(KafkaRecords.ToJson));
        Assert.Empty(replayed.Published);
        Assert.Equal(Tick0.Count(m => m.Postcode is not null), replayed.Late);
    }

    [Fact]
    public void A_station_repeated_in_the_batch_that_completes_its_tick_publishes_the_tick_once()
    {
        var assembly = Assemblies.New();

        var report = assembly.Process(Assemblies.Records(
        [
            Station("16107", "75016", 1, 4, stationsInPostcode: 2),
            Station("16108", "75016", 2, 2, stationsInPostcode: 2),
            Station("16107", "75016", 1, 4, stationsInPostcode: 2),
        ]));

        Assert.Equal((9, 2), report.Published.Select(t => (t.TotalBikes, t.StationCount)).Single());
        Assert.Equal((1, 0), (report.Late, report.Held));
    }

    [Fact]
    public void An_incomplete_tick_further_back_than_the_horizon_in_stream_time_is_dropped()
    {
        var logs = new FakeLogCollector();
        var assembly = Assemblies.New(logs, now: Tick1.AddMinutes(20));

        // The wall clock plays no part: the assembly's clock is fixed (after every tick here); only the ticks move.
        var held = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, stationsInPostcode: 2)]));
        var within = assembly.Process(Assemblies.Records([Station("32017", "93200", 4, 5, tick: Tick1.AddMinutes(15))]));
        var beyond = assembly.Process(Assemblies.Records([Station("32017", "93200", 4, 5, tick: Tick1.AddMinutes(16))]));
        var tooOld = assembly.Process(Assemblies.Records([Station("16020", "75016", 3, 0, stationsInPostcode: 2)]));

        Assert.Equal((1, 1), (held.Held, within.Held));
        Assert.Equal((1, 0), (beyond.Dropped, beyond.Held));
        Assert.Contains("more than 15 minutes before the newest tick, 2025-10-18T09:25:16Z", Assert.Single(logs.Warnings()), StringComparison.Ordinal);
        Assert.Empty(tooOld.Published);
        Assert.Equal((1, 0), (tooOld.Late, tooOld.Held));
    }

    /// <summary>A batch names its first ten dropped ticks and counts the others in one line: a stream of incomplete ticks is not a line each.</summary>
    [Fact]
    public void A_batch_names_its_first_ten_dropped_ticks_and_counts_the_rest()
    {
        var logs = new FakeLogCollector();
        var assembly = Assemblies.New(logs, now: Tick1.AddMinutes(30));
        var postcodes = Enumerable.Range(0, 12).Select(i => $"750{i:00}").ToList();
        assembly.Process(Assemblies.Records(postcodes.Select(p => Station("16107", p, 1, 4, stationsInPostcode: 2))));

        var newer = assembly.Process(Assemblies.Records([Station("32017", "92100", 4, 5, tick: Tick1.AddMinutes(16))]));
        var firstWarnings = logs.Warnings().ToList();

        // The next batch names ten again: the count is per batch, however the ticks came.
        assembly.Process(Assemblies.Records(postcodes.Select(p => Station("16107", p, 1, 4, tick: Tick1.AddMinutes(16), stationsInPostcode: 2))));
        var later = assembly.Process(Assemblies.Records([Station("32017", "92100", 4, 5, tick: Tick1.AddMinutes(32))]));

        Assert.Equal((12, 0), (newer.Dropped, newer.Held));
        Assert.Equal(
            [
                .. postcodes.Take(10).Select(p => $"Postcode {p}: incomplete tick 2025-10-18T09:09:16Z dropped, 1 of 2 stations in: more than 15 minutes before the newest tick, 2025-10-18T09:25:16Z"),
                "2 more incomplete ticks dropped in this batch, not named",
            ],
            firstWarnings);
        Assert.Equal((12, 0), (later.Dropped, later.Held));
        Assert.Equal(
            [
                .. postcodes.Take(10).Select(p => $"Postcode {p}: incomplete tick 2025-10-18T09:25:16Z dropped, 1 of 2 stations in: more than 15 minutes before the newest tick, 2025-10-18T09:41:16Z"),
                "2 more incomplete ticks dropped in this batch, not named",
            ],
            logs.Warnings().Skip(firstWarnings.Count));
    }

    /// <summary>velib aggregate names what is still held at the end of its input in this order: the oldest tick first, whatever its postcode.</summary>
    [Fact]
    public void The_incomplete_ticks_are_listed_oldest_first_across_postcodes()
    {
        var assembly = Assemblies.New(now: Tick1.AddMinutes(30));
        assembly.Process(Assemblies.Records([Station("16107", "94220", 1, 4, tick: Tick1.AddMinutes(5), stationsInPostcode: 2)]));
        assembly.Process(Assemblies.Records([Station("32017", "93200", 4, 5, tick: Tick1, stationsInPostcode: 3)]));
        assembly.Process(Assemblies.Records([Station("16020", "75016", 3, 0, tick: Tick1.AddMinutes(5), stationsInPostcode: 2)]));

        Assert.Equal([("93200", Tick1, 1, 3), ("75016", Tick1.AddMinutes(5), 1, 2), ("94220", Tick1.AddMinutes(5), 1, 2)], assembly.Incomplete());
    }

    [Fact]
    public void A_newer_tick_drops_the_incomplete_ticks_of_every_postcode_beyond_the_horizon_and_only_those()
    {
        var assembly = Assemblies.New(now: Tick1.AddMinutes(30));
        string[] postcodes = ["94220", "75016", "93200"];
        foreach (var minutes in new[] { 10, 0, 5 })
        {
            assembly.Process(Assemblies.Records(postcodes.Select(p => Station("16107", p, 1, 4, tick: Tick1.AddMinutes(minutes), stationsInPostcode: 2))));
        }

        var newer = assembly.Process(Assemblies.Records([Station("32017", "92100", 4, 5, tick: Tick1.AddMinutes(21))]));

        // The horizon is now 6 minutes after Tick1: the ticks at 0 and 5 go, in each postcode; those at 10 stay.
        Assert.Equal((6, 3, 0), (newer.Dropped, newer.Held, newer.Late));
        Assert.Equal((3, 3), assembly.Held);
        Assert.Equal([("75016", Tick1.AddMinutes(10), 1, 2), ("93200", Tick1.AddMinutes(10), 1, 2), ("94220", Tick1.AddMinutes(10), 1, 2)], assembly.Incomplete());
        var late = assembly.Process(Assemblies.Records(postcodes.Select(p => Station("16020", p, 3, 0, tick: Tick1.AddMinutes(5), stationsInPostcode: 2))));
        Assert.Equal((3, 0), (late.Late, late.Published.Count));
    }

    [Fact]
    public void A_record_of_a_tick_exactly_the_horizon_before_the_newest_is_held_not_late()
    {
        var assembly = Assemblies.New(now: Tick1.AddMinutes(20));

        var newest = assembly.Process(Assemblies.Records([Station("32017", "93200", 4, 5, tick: Tick1.AddMinutes(15))]));
        var atHorizon = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, stationsInPostcode: 2)]));

        Assert.Single(newest.Published);
        Assert.Equal((0, 1), (atHorizon.Late, atHorizon.Held));
        Assert.Equal(1, assembly.Held.Stations);
    }

    [Fact]
    public void A_batch_run_again_puts_back_a_postcode_s_newest_tick_even_when_it_is_past_the_horizon()
    {
        // A backlog: one batch completes 75016's last tick and, 16 minutes later in stream time, 93200's. Its output
        // lost, the batch is run again in place: both totals come back (75016's was ignored as past the horizon).
        var assembly = Assemblies.New(now: Tick1.AddMinutes(30));
        var batch = Assemblies.Records([Station("16107", "75016", 1, 4), Station("32017", "93200", 4, 5, tick: Tick1.AddMinutes(16))]);

        var first = assembly.Process(batch);
        var again = assembly.Process(batch);
        var older = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, tick: Tick1.AddMinutes(-1))]));

        Assert.Equal(["75016", "93200"], first.Published.Select(t => t.Postcode));
        Assert.Equal(first.Published.Select(KafkaRecords.ToJson), again.Published.Select(KafkaRecords.ToJson));
        Assert.Equal((2, 0, 0), (again.Late, again.Held, again.Dropped));
        Assert.Empty(older.Published); // an older tick past the horizon is still only late
        Assert.Equal((1, 0), (older.Late, assembly.Held.Stations));
    }

    [Fact]
    public void A_record_whose_tick_is_far_ahead_of_the_clock_is_rejected_and_holds_nothing_back()
    {
        // One record from a producer with a wrong clock (or a corrupt one), the rest of its batch real. Taken in, its
        // tick would become the newest one seen, and every real tick, more than the horizon before it, would be late.
        var farAhead = Station("16107", "75016", 1, 4, tick: Tick1.AddYears(1));
        var records = Assemblies.Records([farAhead, .. Tick0]);
        var assembly = Assemblies.New();

        var report = assembly.Process(records);

        var rejected = Assert.Single(report.Rejected);
        Assert.Equal("offset 0", rejected.Origin);
        Assert.Equal(
            "station 16107: tick 2026-10-18T09:09:16Z is more than 10 minutes after this consumer's clock, 2025-10-18T09:09:21Z",
            rejected.Reason);
        Assert.Equal((0, 0), (report.Late, report.Held));
        Assert.Equal(Assemblies.Truth(Tick0).Count, report.Published.Count);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_tick_up_to_MaxTickAhead_after_the_clock_is_accepted_and_a_second_more_is_rejected(int secondsOver, bool rejected)
    {
        var tick = Assemblies.ComputedAt + TickAssembly.MaxTickAhead + TimeSpan.FromSeconds(secondsOver);

        var report = Assemblies.New().Process(Assemblies.Records([Station("32017", "93200", 4, 5, tick: tick)]));

        Assert.Equal((rejected ? 1 : 0, rejected ? 0 : 1), (report.Rejected.Count, report.Published.Count));
    }

    [Fact]
    public void Records_are_timed_as_they_arrive_not_when_their_batch_is_awaited()
    {
        // velib aggregate awaits each batch on stdin: a snapshot taken 11 minutes later is current, not from the future
        // (it was rejected against the clock read before the wait, and its total stamped before the snapshot existed).
        var clock = new FakeTimeProvider(Assemblies.ComputedAt);
        var assembly = Assemblies.New(clock: clock);
        var (first, second) = (Assemblies.ComputedAt.AddMinutes(11), Assemblies.ComputedAt.AddMinutes(22));
        IEnumerable<InboundRecord> Arriving()
        {
            clock.SetUtcNow(first);
            yield return Assemblies.Records([Station("32017", "93200", 4, 5, tick: first)])[0];
            clock.SetUtcNow(second);
            yield return Assemblies.Records([Station("16107", "75016", 1, 4, tick: second)])[0];
        }

        var report = assembly.Process(Arriving());

        Assert.Empty(report.Rejected);
        Assert.Equal([("93200", first, first), ("75016", second, second)], report.Published.Select(t => (t.Postcode, t.Tick, t.ComputedAt)));
        Assert.Equal(first, report.ComputedAt); // the batch: when its first record came in
        IEnumerable<InboundRecord> Nothing()
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            yield break;
        }

        Assert.Equal(second.AddMinutes(1), assembly.Process(Nothing()).ComputedAt); // a batch without records: when it ended
    }

    [Fact]
    public void A_republished_total_keeps_the_time_it_was_first_computed()
    {
        var clock = new FakeTimeProvider(Assemblies.ComputedAt);
        var assembly = Assemblies.New(clock: clock);
        var records = Assemblies.Records([Station("32017", "93200", 4, 5)]);
        var first = assembly.Process(records).Published.Single();

        clock.Advance(TimeSpan.FromMinutes(3));
        var again = assembly.Process(records).Published.Single();

        Assert.Equal(Assemblies.ComputedAt, first.ComputedAt);
        Assert.Same(first, again); // identical, computedAt included: compaction collapses the two
    }

    [Fact]
    public void A_tick_at_the_first_second_of_2000_is_taken_in_as_a_producer_may_publish_it()
    {
        // FeedTick takes a version of 2000-01-01T00:00:00Z as sane: the consumer must not refuse what the producer sends.
        var report = Assemblies.New().Process(Assemblies.Records([Station("32017", "93200", 4, 5, tick: FeedTick.Earliest)]));

        Assert.Empty(report.Rejected);
        Assert.Equal(("93200", FeedTick.Earliest), report.Published.Select(t => (t.Postcode, t.Tick)).Single());
    }

    [Fact]
    public void Past_the_cap_the_oldest_incomplete_tick_is_dropped()
    {
        var paris15 = Tick0.Where(m => m.Postcode == "75015").Take(60).ToList();
        var paris16 = Tick0.Where(m => m.Postcode == "75016").Take(50).Select(m => m with { Tick = m.Tick.AddMinutes(1) }).ToList();

        var (held, warning) = OverTheCap(100, paris15, paris16);

        Assert.Equal(50, held);
        Assert.Equal("Postcode 75015: incomplete tick 2025-10-18T09:09:16Z dropped, 60 of 88 stations in: over the cap of 100 held station messages", warning);
    }

    [Fact]
    public void At_the_cap_a_tie_on_the_oldest_tick_drops_the_lowest_postcode()
    {
        // Two stations of 75016's tick, then one of 75011's, the same tick: the cap of 2 drops 75011's. 93200's tick,
        // published whole, holds nothing and is passed over.
        var (held, warning) = OverTheCap(
            2,
            [Station("32017", "93200", 4, 5), Station("16107", "75016", 1, 4, stationsInPostcode: 5), Station("16108", "75016", 1, 4, stationsInPostcode: 5)],
            [Station("11001", "75011", 1, 4, stationsInPostcode: 5)]);

        Assert.Equal(2, held);
        Assert.Equal("Postcode 75011: incomplete tick 2025-10-18T09:09:16Z dropped, 1 of 5 stations in: over the cap of 2 held station messages", warning);
    }

    [Fact]
    public void Unresolved_and_bad_records_are_handled_as_before_and_never_held()
    {
        var records = Assemblies.Records(RealMessages.Snapshot.Messages);
        records.Insert(2, InboundRecord.FromText("{broken", "offset x"));

        // A station without postcode delivered twice in the batch is one station without postcode; at the next tick, another.
        var unresolved = RealMessages.Snapshot.Messages.First(m => m.Postcode is null);
        records.AddRange(Assemblies.Records([unresolved, unresolved with { Tick = unresolved.Tick.AddMinutes(1) }]));

        var report = Assemblies.New().Process(records);

        Assert.Equal(3, report.Unresolved);
        Assert.Equal("offset x", Assert.Single(report.Rejected).Origin);
        Assert.Equal(["75011", "75016", "93200"], report.Published.Select(t => t.Postcode));
        Assert.Equal(0, report.Held);
    }

    [Fact]
    public void Stations_without_postcode_are_told_apart_up_to_a_cap_then_counted_per_record()
    {
        // Past MaxUnresolvedKept distinct stations a batch keeps no more of them: a redelivered one is then counted again.
        var unresolved = RealMessages.Snapshot.Messages.First(m => m.Postcode is null);
        var distinct = Enumerable.Range(0, TickAssembly.MaxUnresolvedKept).Select(i => unresolved with { StationCode = $"s{i}" }).ToList();
        var assembly = Assemblies.New();

        var belowCap = assembly.Process([.. distinct.SkipLast(1), distinct[0]]);
        var atCap = assembly.Process([.. distinct, distinct[0]]);

        Assert.Equal(TickAssembly.MaxUnresolvedKept - 1, belowCap.Unresolved);
        Assert.Equal(TickAssembly.MaxUnresolvedKept + 1, atCap.Unresolved);
        Assert.Equal(0, atCap.Held);
    }

    /// <summary>
    /// Two batches of incomplete ticks into an assembly holding at most <paramref name="cap"/> stations, the second
    /// over it: one tick held after each, one dropped by the second. The stations held at the end, and the warning.
    /// </summary>
    private static (int HeldStations, string Warning) OverTheCap(int cap, IEnumerable<StationMessage> first, IEnumerable<StationMessage> second)
    {
        var logs = new FakeLogCollector();
        var assembly = Assemblies.New(logs, maxHeldStations: cap);

        var older = assembly.Process(Assemblies.Records(first));
        var newer = assembly.Process(Assemblies.Records(second));

        Assert.Equal((0, 1), (older.Dropped, older.Held));
        Assert.Equal((1, 1), (newer.Dropped, newer.Held));
        return (assembly.Held.Stations, Assert.Single(logs.Warnings()));
    }
}
