using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// The aggregation behind a real Kafka client (Confluent.Kafka, librdkafka's mock cluster): every station of four
/// ticks derived from the real <c>all</c> snapshot (<see cref="RealMessages.DerivedTick"/>), keyed by postcode as the
/// producer writes them, read by a consumer group in batches of whatever has arrived, through
/// <see cref="AggregationWorker"/>s that stop, join and share partitions. Which batches the records fall into, and
/// when the group rebalances, are left to the client and the clock; the assertions hold for any of them: every total
/// on the totals topic is the one-batch sum of its whole tick, and every postcode's last total is its newest tick's.
/// </summary>
public class KafkaClusterTests
{
    private static readonly Lazy<Dictionary<(DateTimeOffset Tick, string Postcode), string>> Truth =
        new(() => Assemblies.Truth(Enumerable.Range(0, 4).SelectMany(RealMessages.DerivedTick)));

    [Fact]
    public void Totals_on_the_topic_are_whole_and_right_across_a_stop_a_rebalance_and_a_lost_output()
    {
        using var run = new ClusterRun();
        run.Produce(0, 1);

        // The first worker stops mid-backlog, its last batch published but not committed, as a host shutting down leaves it.
        using var first = run.Worker();
        run.Until(() => first.Records >= 1_000, first);
        run.Until(() => first.RunBatch(run.BatchSize(), BatchEnd.NotCommitted));
        first.Stop();

        // A fresh worker reads that batch again without the state; a second joins it (a rebalance), then a tick arrives:
        // one batch's output is lost and the batch retried, another's is lost for good.
        using var second = run.Worker();
        run.Until(() => second.Records >= 500, second);
        using var third = run.Worker();
        run.Until(() => third.Assigned, second, third);
        run.Produce(2);
        run.Until(() => second.RunBatch(run.BatchSize(), BatchEnd.OutputLostThenRetried) || third.RunBatch(run.BatchSize(), BatchEnd.OutputLostThenRetried));
        run.Until(() => second.RunBatch(run.BatchSize(), BatchEnd.OutputLost) || third.RunBatch(run.BatchSize(), BatchEnd.OutputLost));
        run.Until(() => run.AllCommitted, second, third);
        second.Stop();
        third.Stop();

        // The newest tick goes to a worker alone in the group, which any rebalance gives back every partition, its state
        // kept: it reads that tick whole.
        using var last = run.Worker();
        run.Until(() => last.Assigned, last);
        run.Produce(3);
        run.Until(() => run.AllCommitted, last);

        var totals = run.Totals();
        Assert.All(totals, t => Assert.Equal(Truth.Value[(t.Tick, t.Postcode)], t.Json));
        var newest = Truth.Value.Where(t => t.Key.Tick == Messages.Tick1.AddMinutes(3)).ToDictionary(t => t.Key.Postcode, t => t.Value);
        Assert.Equal(newest.OrderBy(t => t.Key, StringComparer.Ordinal), totals.GroupBy(t => t.Postcode).Select(g => KeyValuePair.Create(g.Key, g.Last().Json)).OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.True(first.Records + second.Records + third.Records + last.Records > run.Produced, "the stopped worker's last batch was read again");
    }

    [Fact]
    public void After_an_offset_reset_a_warm_worker_puts_back_each_postcodes_newest_total_unchanged_and_nothing_older()
    {
        using var run = new ClusterRun();
        run.Produce(0, 1);
        using var worker = run.Worker();
        run.Until(() => run.AllCommitted, worker);
        var before = run.Totals();
        var newest = before.GroupBy(t => t.Postcode).ToDictionary(g => g.Key, g => g.Last());
        var marks = before.GroupBy(t => t.Partition).ToDictionary(g => g.Key, g => g.Max(t => t.Offset));

        worker.Rewind();
        run.Until(() => worker.Records >= 2 * run.Produced, worker);

        var again = run.Totals().Where(t => t.Offset > marks.GetValueOrDefault(t.Partition, -1)).ToList();
        Assert.All(again, t => Assert.Equal(newest[t.Postcode].Json, t.Json));
        Assert.Equal(newest.Keys.Order(StringComparer.Ordinal), again.Select(t => t.Postcode).Distinct().Order(StringComparer.Ordinal));
        Assert.All(newest.Values, t => Assert.Equal(Messages.Tick1.AddMinutes(1), t.Tick));
    }

    private sealed record PublishedTotal(string Postcode, DateTimeOffset Tick, string Json, int Partition, long Offset);

    // One test's cluster and producer, the ends of what it produced, and what the group has committed.
    private sealed class ClusterRun : IDisposable
    {
        private readonly MockKafkaCluster cluster = MockKafkaCluster.Start();
        private readonly IProducer<string, string> producer;
        private readonly Dictionary<int, long> ends = [];
        private readonly Dictionary<int, long> committed = [];
        private readonly Random sizes = new(20251018);

        public ClusterRun() => producer = cluster.Producer();

        public int Produced { get; private set; }

        public bool AllCommitted => ends.All(end => committed.GetValueOrDefault(end.Key) >= end.Value);

        public AggregationWorker Worker() => new(cluster, committed);

        public int BatchSize() => sizes.Next(1, 700);

        // The producer's records of the derived ticks, keyed by postcode through their envelopes.
        public void Produce(params int[] ticks)
        {
            var failures = new List<Error>();
            foreach (var message in ticks.SelectMany(RealMessages.DerivedTick))
            {
                producer.Produce(KafkaTopics.Stations, MockKafkaCluster.FromEnvelope(RealMessages.Envelope(message)), report =>
                {
                    lock (ends)
                    {
                        if (report.Error.IsError)
                        {
                            failures.Add(report.Error);
                        }
                        else
                        {
                            ends[report.Partition.Value] = Math.Max(ends.GetValueOrDefault(report.Partition.Value), report.Offset.Value + 1);
                        }
                    }
                });
                Produced++;
            }

            Assert.Equal(0, producer.Flush(RealTime.HangLimit));
            Assert.Empty(failures);
        }

        // Batches of random sizes, worker after worker, until the condition holds; only a hang reaches the limit.
        public void Until(Func<bool> condition, params AggregationWorker[] workers)
        {
            using var limit = new CancellationTokenSource(RealTime.HangLimit);
            while (!condition())
            {
                limit.Token.ThrowIfCancellationRequested();
                foreach (var worker in workers)
                {
                    worker.RunBatch(BatchSize());
                }
            }
        }

        public List<PublishedTotal> Totals() =>
            [.. cluster.ReadAll(KafkaTopics.PostcodeTotals).Select(r =>
            {
                var json = Encoding.UTF8.GetString(r.Message.Value);
                var totals = JsonSerializer.Deserialize(json, MessageJson.PostcodeTotals)!;
                Assert.Equal(r.Message.Key, totals.Postcode);
                return new PublishedTotal(totals.Postcode, totals.Tick, json, r.Partition.Value, r.Offset.Value);
            })];

        public void Dispose()
        {
            producer.Dispose();
            cluster.Dispose();
        }
    }
}
