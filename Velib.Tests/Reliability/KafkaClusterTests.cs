using System.Text.Json;
using Confluent.Kafka;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// The aggregation behind a real Kafka client (Confluent.Kafka, librdkafka's mock cluster): every station of four
/// ticks of the real <c>all</c> snapshot (<see cref="RealMessages.DerivedTick"/>), keyed by postcode as the producer
/// writes them, read by a consumer group in batches of whatever has arrived, through <see cref="AggregationWorker"/>s
/// that stop, join and share partitions. Which batches the records fall into, and when the group rebalances, are left
/// to the client and the clock; the assertions hold for any of them: every total on the totals topic is the one-batch
/// sum of its whole tick, and every postcode's last total is its newest tick's.
/// </summary>
public class KafkaClusterTests
{
    public const string Group = "velib-aggregate";

    private static readonly Lazy<Dictionary<(DateTimeOffset Tick, string Postcode), string>> Truth =
        new(() => Assemblies.Truth(Enumerable.Range(0, 4).SelectMany(RealMessages.DerivedTick)));

    [Fact]
    public void Totals_on_the_topic_are_whole_and_right_across_a_stop_a_rebalance_and_a_lost_output()
    {
        using var cluster = MockKafkaCluster.Start();
        using var producer = cluster.Producer();
        var ends = new Dictionary<int, long>();
        var committed = new Dictionary<int, long>();
        var sizes = new Random(20251018);
        var produced = Produce(producer, ends, 0, 1);

        // The first worker stops mid-backlog, its last batch published but not committed, as a host shutting down leaves it.
        var first = new AggregationWorker(cluster, committed);
        RunUntil(() => first.Records >= 1_000, sizes, first);
        RunUntil(() => first.RunBatch(sizes.Next(1, 700), BatchEnd.NotCommitted), sizes);
        first.Dispose();

        // A fresh worker reads that batch again without the state; a second joins it (a rebalance), then a tick arrives
        // and one batch's output is lost and retried.
        var second = new AggregationWorker(cluster, committed);
        RunUntil(() => second.Records >= 500, sizes, second);
        var third = new AggregationWorker(cluster, committed);
        RunUntil(() => third.Assigned, sizes, second, third);
        produced += Produce(producer, ends, 2);
        RunUntil(() => second.RunBatch(sizes.Next(1, 700), BatchEnd.OutputLostThenRetried) || third.RunBatch(sizes.Next(1, 700), BatchEnd.OutputLostThenRetried), sizes);
        RunUntil(() => AllCommitted(ends, committed), sizes, second, third);
        second.Dispose();
        third.Dispose();

        // The newest tick goes to a worker alone in the group, which any rebalance gives back every partition, its state
        // kept: it reads that tick whole.
        using var last = new AggregationWorker(cluster, committed);
        RunUntil(() => last.Assigned, sizes, last);
        produced += Produce(producer, ends, 3);
        RunUntil(() => AllCommitted(ends, committed), sizes, last);

        var totals = Totals(cluster.ReadAll(KafkaTopics.PostcodeTotals));
        Assert.All(totals, t => Assert.Equal(Truth.Value[(t.Tick, t.Postcode)], t.Json));
        var newest = Truth.Value.Where(t => t.Key.Tick == Messages.Tick1.AddMinutes(3)).ToDictionary(t => t.Key.Postcode, t => t.Value);
        Assert.Equal(newest.OrderBy(t => t.Key, StringComparer.Ordinal), totals.GroupBy(t => t.Postcode).Select(g => KeyValuePair.Create(g.Key, g.Last().Json)).OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.True(first.Records + second.Records + third.Records + last.Records > produced, "the stopped worker's last batch was read again");
    }

    [Fact]
    public void After_an_offset_reset_a_warm_worker_puts_back_each_postcodes_newest_total_unchanged_and_nothing_older()
    {
        using var cluster = MockKafkaCluster.Start();
        using var producer = cluster.Producer();
        var ends = new Dictionary<int, long>();
        var committed = new Dictionary<int, long>();
        var sizes = new Random(20251018);
        var produced = Produce(producer, ends, 0, 1);
        using var worker = new AggregationWorker(cluster, committed);
        RunUntil(() => AllCommitted(ends, committed), sizes, worker);
        var before = Totals(cluster.ReadAll(KafkaTopics.PostcodeTotals));
        var newest = before.GroupBy(t => t.Postcode).ToDictionary(g => g.Key, g => g.Last());
        var marks = before.GroupBy(t => t.Partition).ToDictionary(g => g.Key, g => g.Max(t => t.Offset));

        worker.Rewind();
        RunUntil(() => worker.Records >= 2 * produced, sizes, worker);

        var again = Totals(cluster.ReadAll(KafkaTopics.PostcodeTotals)).Where(t => t.Offset > marks.GetValueOrDefault(t.Partition, -1)).ToList();
        Assert.All(again, t => Assert.Equal(newest[t.Postcode].Json, t.Json));
        Assert.Equal(newest.Keys.Order(StringComparer.Ordinal), again.Select(t => t.Postcode).Distinct().Order(StringComparer.Ordinal));
        Assert.All(newest.Values, t => Assert.Equal(Messages.Tick1.AddMinutes(1), t.Tick));
    }

    // The producer's records of the derived ticks, keyed by postcode through their envelopes; the partitions' ends noted.
    private static int Produce(IProducer<string, string> producer, Dictionary<int, long> ends, params int[] ticks)
    {
        var messages = ticks.SelectMany(RealMessages.DerivedTick).ToList();
        foreach (var message in messages)
        {
            producer.Produce(KafkaTopics.Stations, MockKafkaCluster.FromEnvelope(RealMessages.Envelope(message)), report =>
            {
                if (report.Error.IsError)
                {
                    throw new KafkaException(report.Error);
                }

                lock (ends)
                {
                    ends[report.Partition.Value] = Math.Max(ends.GetValueOrDefault(report.Partition.Value), report.Offset.Value + 1);
                }
            });
        }

        Assert.Equal(0, producer.Flush(RealTime.HangLimit));
        return messages.Count;
    }

    // Batches of random sizes, worker after worker, until the condition holds; only a hang reaches the limit.
    private static void RunUntil(Func<bool> condition, Random sizes, params AggregationWorker[] workers)
    {
        using var limit = new CancellationTokenSource(RealTime.HangLimit);
        while (!condition())
        {
            limit.Token.ThrowIfCancellationRequested();
            foreach (var worker in workers)
            {
                worker.RunBatch(sizes.Next(1, 700));
            }
        }
    }

    private static bool AllCommitted(Dictionary<int, long> ends, Dictionary<int, long> committed) =>
        ends.All(end => committed.GetValueOrDefault(end.Key) >= end.Value);

    private static List<PublishedTotal> Totals(IEnumerable<ConsumeResult<string, byte[]>> records) =>
        [.. records.Select(r =>
        {
            var json = System.Text.Encoding.UTF8.GetString(r.Message.Value);
            using var totals = JsonDocument.Parse(json);
            Assert.Equal(r.Message.Key, totals.RootElement.GetProperty("postcode").GetString());
            return new PublishedTotal(r.Message.Key, totals.RootElement.GetProperty("tick").GetDateTimeOffset(), json, r.Partition.Value, r.Offset.Value);
        })];

    private sealed record PublishedTotal(string Postcode, DateTimeOffset Tick, string Json, int Partition, long Offset);
}
