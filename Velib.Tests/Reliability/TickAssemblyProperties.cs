using FsCheck;
using FsCheck.Fluent;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// Properties of <see cref="TickAssembly"/> (FsCheck 3, C# API) over the real <c>all</c> snapshot and up to three more
/// ticks DERIVED from it (<see cref="RealMessages.DerivedTick"/>): the producer's records go, by key, into three
/// simulated partitions; the consumer reads them interleaved in chunks, cut into batches at random points, with
/// batches redelivered in place or again later (an offset reset), an old tick replayed late, and, in one property,
/// batches run by concurrent callers. Each run checks that no partial total is ever published, that every (tick,
/// postcode) whose stations all arrived is published with exactly the values of a one-batch aggregation of that
/// tick (in a third of the runs the ticks are 8 minutes apart, a backlog spread past the horizon: a tick read after
/// another partition's newer one can then be late, but every postcode's newest tick is published), that a postcode's
/// published ticks never go down, that a batch publishes only (tick, postcode)s it holds a
/// record of, and that a batch retried in place puts back, identical, exactly the newest total of each postcode in it.
/// The scenarios are drawn from a fixed seed, so every run checks the same ones; <c>VELIB_PROPERTY_SEED</c> draws others.
/// </summary>
public class TickAssemblyProperties
{
    private const int Partitions = 3;
    private const int MaxTicks = 4;

    /// <summary>Minutes between two ticks: a minute, as the timer publishes them, or a backlog spread past <see cref="TickAssembly.TickHorizon"/>.</summary>
    private static readonly int[] Spacings = [1, 8];

    /// <summary>The records of each derived tick, with the partition their key puts them in, per spacing.</summary>
    private static readonly Dictionary<int, Lazy<Produced[][]>> Logs = Spacings.ToDictionary(spacing => spacing, spacing => new Lazy<Produced[][]>(() =>
        [.. Enumerable.Range(0, MaxTicks).Select(k => Spaced(k, spacing)
            .Select(m => new Produced(m.Tick, m.Postcode, PartitionOf(m.Postcode ?? KafkaTopics.UnresolvedKey), InboundRecord.FromText(RealMessages.Envelope(m), "producer")))
            .ToArray())]));

    private static readonly Dictionary<int, Lazy<Dictionary<(DateTimeOffset Tick, string Postcode), string>>> Truths = Spacings.ToDictionary(
        spacing => spacing,
        spacing => new Lazy<Dictionary<(DateTimeOffset Tick, string Postcode), string>>(() => Assemblies.Truth(Enumerable.Range(0, MaxTicks).SelectMany(k => Spaced(k, spacing)))));

    /// <summary>How one run delivers the ticks: all randomness of a run comes from these values.</summary>
    public sealed record Scenario(int Ticks, int MaxChunk, int Cuts, int RedeliveryPercent, bool LateReplay, int Seed, int Spacing)
    {
        public Dictionary<(DateTimeOffset Tick, string Postcode), string> Truth => Truths[Spacing].Value;
    }

    private static Arbitrary<Scenario> Scenarios =>
        (from ticks in Gen.Choose(1, MaxTicks)
         from maxChunk in Gen.Choose(1, 600)
         from cuts in Gen.Choose(0, 12)
         from redelivery in Gen.Choose(0, 40)
         from lateReplay in Gen.Elements(true, false)
         from seed in Gen.Choose(0, int.MaxValue)
         from spacing in Gen.Elements(Spacings[0], Spacings[0], Spacings[1])
         select new Scenario(ticks, maxChunk, cuts, redelivery, lateReplay, seed, spacing)).ToArbitrary();

    [Fact]
    public void Batches_in_any_cut_with_redelivery_and_late_ticks_publish_only_whole_ticks_all_of_them_never_going_back() =>
        Check.One(PropertyRuns.Seeded(50), Prop.ForAll(Scenarios, scenario =>
        {
            var assembly = Assemblies.New();
            var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var published = new HashSet<(DateTimeOffset, string)>();
            var newest = new Dictionary<string, PostcodeTotals>(StringComparer.Ordinal);
            foreach (var (batch, inPlaceRetry) in Deliveries(scenario))
            {
                var report = assembly.Process(batch.Select(p => p.Record));
                Assert.Empty(report.Rejected);
                var inBatch = batch.Select(p => (p.Tick, p.Postcode)).ToHashSet();
                if (inPlaceRetry)
                {
                    // A batch run again in place puts back, identical, the newest total of each postcode it holds a record of, and nothing else.
                    var putBack = newest.Values.Where(t => inBatch.Contains((t.Tick, t.Postcode))).Select(KafkaRecords.ToJson).Order(StringComparer.Ordinal);
                    Assert.Equal(putBack, report.Published.Select(KafkaRecords.ToJson).Order(StringComparer.Ordinal));
                }

                foreach (var totals in report.Published)
                {
                    AssertWhole(scenario, totals);
                    Assert.Contains((totals.Tick, totals.Postcode), inBatch);
                    newest[totals.Postcode] = totals;
                    Assert.True(!last.TryGetValue(totals.Postcode, out var before) || totals.Tick >= before, $"{totals.Postcode} went back from {before:O} to {totals.Tick:O}");
                    last[totals.Postcode] = totals.Tick;
                    published.Add((totals.Tick, totals.Postcode));
                }
            }

            var expected = scenario.Truth.Keys.Where(k => k.Tick < TickOf(scenario.Ticks, scenario.Spacing)).ToHashSet();
            if (scenario.Spacing == 1)
            {
                Assert.True(expected.SetEquals(published), $"published {published.Count} (tick, postcode), expected {expected.Count}");
            }
            else
            {
                // Ticks spread past the horizon: a tick read after another partition's newer one can be late, but every
                // postcode's newest tick is published.
                Assert.Subset(expected, published);
                Assert.Equal(Newest(expected), Newest(published));
            }

            Assert.Equal(0, assembly.Held.Ticks);
        }));

    [Fact]
    public void Concurrent_callers_publish_only_whole_ticks_once_each_and_every_newest_tick() =>
        Check.One(PropertyRuns.Seeded(25), Prop.ForAll(Scenarios, scenario =>
        {
            var assembly = Assemblies.New();
            // Small batches (at most 20 records), so that the callers really run side by side.
            var batches = Batches(scenario, new Random(scenario.Seed)).SelectMany(b => b.Chunk(20)).Select(b => b.Select(p => p.Record).ToList()).ToList();
            var reports = new TickBatchResult[batches.Count];
            Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => reports[i] = assembly.Process(batches[i]));

            var all = reports.SelectMany(r => r.Published).ToList();
            Assert.All(all, totals => AssertWhole(scenario, totals));
            Assert.Equal(all.Count, all.Select(t => (t.Tick, t.Postcode)).Distinct().Count());
            Assert.Equal(Newest(scenario.Truth.Keys.Where(k => k.Tick < TickOf(scenario.Ticks, scenario.Spacing))), Newest(all.Select(t => (t.Tick, t.Postcode))));
            Assert.Equal(0, assembly.Held.Ticks);
        }));

    /// <summary>Each batch as the consumer receives it, redeliveries and the late replay included, in order.</summary>
    private static List<Delivery> Deliveries(Scenario scenario)
    {
        var random = new Random(scenario.Seed);
        var batches = Batches(scenario, random);

        // The late replay: a tick, whole, delivered again some time after its last record was first delivered.
        var old = random.Next(scenario.Ticks);
        var oldTick = TickOf(old, scenario.Spacing);
        var lastOfOld = batches.FindLastIndex(b => b.Any(p => p.Tick == oldTick));
        var replayAfter = scenario.LateReplay ? random.Next(lastOfOld, batches.Count) : -1;

        var deliveries = new List<Delivery>();
        for (var i = 0; i < batches.Count; i++)
        {
            deliveries.Add(new(batches[i], false));
            if (random.Next(100) < scenario.RedeliveryPercent)
            {
                deliveries.Add(new(batches[i], true)); // retried in place
            }

            if (random.Next(100) < scenario.RedeliveryPercent)
            {
                deliveries.Add(new(batches[random.Next(i + 1)], false)); // read again after an offset reset
            }

            if (i == replayAfter)
            {
                deliveries.Add(new([.. Logs[scenario.Spacing].Value[old]], false));
            }
        }

        return deliveries;
    }

    /// <summary>The partitions' records interleaved in chunks (each partition in its own order), cut into batches.</summary>
    private static List<List<Produced>> Batches(Scenario scenario, Random random)
    {
        var partitions = Enumerable.Range(0, Partitions)
            .Select(p => new Queue<Produced>(Logs[scenario.Spacing].Value.Take(scenario.Ticks).SelectMany(tick => tick.Where(r => r.Partition == p))))
            .ToArray();
        var merged = new List<Produced>();
        while (partitions.Any(q => q.Count > 0))
        {
            var nonEmpty = partitions.Where(q => q.Count > 0).ToArray();
            var partition = nonEmpty[random.Next(nonEmpty.Length)];
            for (var n = random.Next(1, scenario.MaxChunk + 1); n > 0 && partition.Count > 0; n--)
            {
                merged.Add(partition.Dequeue());
            }
        }

        var cuts = Enumerable.Range(0, scenario.Cuts).Select(_ => random.Next(1, merged.Count)).Append(0).Append(merged.Count).Distinct().Order().ToArray();
        return [.. cuts.Zip(cuts.Skip(1), (from, to) => merged[from..to])];
    }

    private static void AssertWhole(Scenario scenario, PostcodeTotals totals)
    {
        Assert.True(totals.Complete);
        Assert.Equal(scenario.Truth[(totals.Tick, totals.Postcode)], KafkaRecords.ToJson(totals));
    }

    /// <summary>The newest tick of each postcode, by postcode.</summary>
    private static List<(string Postcode, DateTimeOffset Tick)> Newest(IEnumerable<(DateTimeOffset Tick, string Postcode)> keys) =>
        [.. keys.GroupBy(k => k.Postcode).Select(g => (g.Key, g.Max(k => k.Tick))).OrderBy(p => p.Key, StringComparer.Ordinal)];

    /// <summary>Tick k: k minutes after the recorded one; spread, k spacings apart, the last the recorded one (the consumer's clock accepts no later).</summary>
    private static DateTimeOffset TickOf(int k, int spacing) => RealMessages.All.Tick.AddMinutes(spacing == 1 ? k : (k - MaxTicks + 1) * spacing);

    /// <summary><see cref="RealMessages.DerivedTick"/> k, at <see cref="TickOf"/>.</summary>
    private static IEnumerable<StationMessage> Spaced(int k, int spacing) => RealMessages.DerivedTick(k).Select(m => m with { Tick = TickOf(k, spacing) });

    /// <summary>A stable partition per key, as a producer's partitioner gives (not Kafka's murmur2: only "by key" matters).</summary>
    private static int PartitionOf(string key) => (int)((uint)key.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) % Partitions);

    private sealed record Produced(DateTimeOffset Tick, string? Postcode, int Partition, InboundRecord Record);

    /// <summary>One delivery of a batch; <paramref name="InPlaceRetry"/> when it runs again the batch delivered just before it.</summary>
    private sealed record Delivery(List<Produced> Batch, bool InPlaceRetry);
}
