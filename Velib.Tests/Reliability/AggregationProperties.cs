using FsCheck;
using FsCheck.Fluent;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// Properties of the one-batch aggregation (<see cref="OneBatchAggregator"/>, with the sum the tick assembly publishes) (FsCheck 3, C# API), over batches of real station messages whose
/// counts, ticks and order are generated. Within a station, every generated <c>lastReported</c> is distinct, so that
/// "the latest" is always defined; <c>computedAt</c> is fixed.
/// </summary>
public class AggregationProperties
{
    private static readonly DateTimeOffset ComputedAt = new(2025, 10, 18, 9, 10, 0, TimeSpan.Zero);

    private static readonly StationMessage[] Stations = [.. RealMessages.Snapshot.Messages];

    private static readonly DateTimeOffset[] Ticks = [RealMessages.Snapshot.Tick, RealMessages.Snapshot.Tick.AddMinutes(1)];

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    /// <summary>One generated reading: which real station, which tick, its counts; its <c>lastReported</c> comes from its place in the batch.</summary>
    public sealed record Draw(int Station, int Tick, int Mechanical, int Electric, int Docks);

    private static Gen<Draw> DrawGen =>
        from station in Gen.Choose(0, Stations.Length - 1)
        from tick in Gen.Choose(0, Ticks.Length - 1)
        from mechanical in Gen.Choose(0, 40)
        from electric in Gen.Choose(0, 40)
        from docks in Gen.Choose(0, 60)
        select new Draw(station, tick, mechanical, electric, docks);

    /// <summary>A batch of 0 to ~50 messages, each with a distinct <c>lastReported</c>.</summary>
    private static Arbitrary<StationMessage[]> Batches =>
        Gen.ListOf(DrawGen).Select(draws => draws.Select(ToMessage).ToArray()).ToArbitrary();

    /// <summary>A batch, and the same batch in another order.</summary>
    private static Arbitrary<(StationMessage[] Batch, StationMessage[] Shuffled)> BatchAndShuffle =>
        Gen.ListOf(DrawGen)
            .Select(draws => draws.Select(ToMessage).ToArray())
            .SelectMany(batch => Gen.Shuffle(batch), (batch, shuffled) => (batch, shuffled))
            .ToArbitrary();

    [Fact]
    public void The_result_does_not_depend_on_the_order_of_the_batch() =>
        Check.One(Runs, Prop.ForAll(BatchAndShuffle, pair => Same(Aggregate(pair.Batch), Aggregate(pair.Shuffled))));

    [Fact]
    public void A_batch_delivered_twice_gives_the_same_totals() =>
        Check.One(Runs, Prop.ForAll(Batches, batch => Same(Aggregate(batch), Aggregate([.. batch, .. batch]))));

    [Fact]
    public void Totals_equal_the_sum_of_the_latest_value_of_each_resolved_station() =>
        Check.One(Runs, Prop.ForAll(Batches, batch =>
        {
            var result = Aggregate(batch);
            var latest = batch
                .GroupBy(m => (m.Tick, m.StationCode))
                .Select(g => g.MaxBy(m => m.LastReported)!)
                .ToList();
            var resolved = latest.Where(m => m.Postcode is not null).ToList();
            foreach (var tick in Ticks)
            {
                var totals = result.Totals.Where(t => t.Tick == tick).ToList();
                var expected = resolved.Where(m => m.Tick == tick).ToList();
                Assert.Equal(expected.Sum(m => m.BikesAvailable), totals.Sum(t => t.TotalBikes));
                Assert.Equal(expected.Sum(m => m.Mechanical), totals.Sum(t => t.MechanicalBikes));
                Assert.Equal(expected.Sum(m => m.Electric), totals.Sum(t => t.ElectricBikes));
                Assert.Equal(expected.Sum(m => m.DocksAvailable ?? 0), totals.Sum(t => t.DocksAvailable));
                Assert.Equal(expected.Count, totals.Sum(t => t.StationCount));
                foreach (var group in expected.GroupBy(m => m.Postcode!))
                {
                    var total = Assert.Single(totals, t => t.Postcode == group.Key);
                    Assert.Equal(group.Sum(m => m.BikesAvailable), total.TotalBikes);
                    Assert.Equal(group.Select(m => m.StationCode).Order(StringComparer.Ordinal), total.StationCodes);
                    Assert.Equal(group.Max(m => m.LastReported), total.AsOf);
                }
            }

            Assert.Equal(
                latest.Where(m => m.Postcode is null).Select(m => m.StationCode).Distinct().Order(StringComparer.Ordinal),
                result.UnresolvedStations);
        }));

    [Fact]
    public void The_latest_lastReported_of_a_station_always_wins() =>
        Check.One(Runs, Prop.ForAll(
            Batches.Filter(b => b.Any(m => m.Postcode is not null)),
            Gen.Choose(0, 1000).ToArbitrary(),
            (batch, pick) =>
            {
                var target = batch.Where(m => m.Postcode is not null).ElementAt(pick % batch.Count(m => m.Postcode is not null));
                var same = batch.Where(m => m.StationCode == target.StationCode && m.Tick == target.Tick).ToList();
                var newest = same.Max(m => m.LastReported)!.Value;
                var oldest = same.Min(m => m.LastReported)!.Value;

                // A newer reading, placed first, replaces the station's contribution; an older one, placed last, changes nothing.
                var newer = target with { LastReported = newest.AddSeconds(1), Mechanical = 99, Electric = 1, BikesAvailable = 100 };
                var older = target with { LastReported = oldest.AddSeconds(-1), Mechanical = 77, Electric = 0, BikesAvailable = 77 };
                var before = Total(Aggregate(batch), target);
                var withNewer = Total(Aggregate([newer, .. batch]), target);
                var withOlder = Total(Aggregate([.. batch, older]), target);

                var latest = same.MaxBy(m => m.LastReported)!;
                Assert.Equal(before.TotalBikes - latest.BikesAvailable + 100, withNewer.TotalBikes);
                Assert.Equal(before.MechanicalBikes - latest.Mechanical + 99, withNewer.MechanicalBikes);
                Assert.Equal(newer.LastReported > before.AsOf ? newer.LastReported : before.AsOf, withNewer.AsOf);
                Assert.Equal(KafkaRecords.ToJson(before), KafkaRecords.ToJson(withOlder));
            }));

    [Fact]
    public void Records_and_messages_aggregate_alike()
    {
        // The same property through the record reader: envelopes in any order, repeated, give the messages' totals.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(BatchAndShuffle, pair =>
        {
            var records = pair.Shuffled.Concat(pair.Batch).Select((m, i) => InboundRecord.FromText(RealMessages.Envelope(m), $"offset {i}"));
            var fromRecords = OneBatchAggregator.AggregateRecords(records, ComputedAt);
            Assert.Empty(fromRecords.Rejected);
            Assert.True(Same(Aggregate(pair.Batch), fromRecords));
        }));
    }

    private static StationMessage ToMessage(Draw draw, int index)
    {
        var station = Stations[draw.Station];
        return station with
        {
            Tick = Ticks[draw.Tick],
            Mechanical = draw.Mechanical,
            Electric = draw.Electric,
            BikesAvailable = draw.Mechanical + draw.Electric,
            DocksAvailable = draw.Docks,
            LastReported = Ticks[0].AddMinutes(-30).AddSeconds(index * 7),
        };
    }

    private static AggregationResult Aggregate(IEnumerable<StationMessage> batch) => OneBatchAggregator.Aggregate(batch, ComputedAt);

    private static PostcodeTotals Total(AggregationResult result, StationMessage station) =>
        result.Totals.Single(t => t.Tick == station.Tick && t.Postcode == station.Postcode);

    /// <summary>Same totals (compared as the JSON published), same unresolved stations.</summary>
    private static bool Same(AggregationResult a, AggregationResult b) =>
        a.Totals.Select(KafkaRecords.ToJson).SequenceEqual(b.Totals.Select(KafkaRecords.ToJson))
        && a.UnresolvedStations.SequenceEqual(b.UnresolvedStations);
}
