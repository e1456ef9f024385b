using Confluent.Kafka;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// One Functions worker running <c>AggregateByPostcode</c>'s body under a batched Kafka trigger, as the extension's
/// source reads (docs/functions.md, "Delivery semantics"): a batch is what has arrived, up to a size; the body runs on
/// it; its totals are produced (here, delivered before going on; the binding does not wait); then its offsets are
/// committed. Its tick assembly is its state, lost when it stops. A stand-in written here: the extension itself does
/// not restore on this machine.
/// </summary>
public sealed class AggregationWorker : IDisposable
{
    private const string Group = "velib-aggregate";

    private readonly IConsumer<string, byte[]> consumer;
    private readonly IProducer<string, string> producer;
    private readonly Dictionary<int, long> committed;
    private readonly TickAssembly assembly = Assemblies.New();

    /// <param name="committed">The group's committed offset of each partition, as this worker's commits succeed.</param>
    public AggregationWorker(MockKafkaCluster cluster, Dictionary<int, long> committed)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        (consumer, producer, this.committed) = (cluster.Consumer(Group), cluster.Producer(), committed);
        consumer.Subscribe(KafkaTopics.Stations);
    }

    /// <summary>Whether the group has given this worker partitions.</summary>
    public bool Assigned => consumer.Assignment.Count > 0;

    /// <summary>The records this worker has read, again or not.</summary>
    public int Records { get; private set; }

    /// <summary>Runs one batch of at most <paramref name="maxBatch"/> records; false if none came within a short wait.</summary>
    public bool RunBatch(int maxBatch, BatchEnd end = BatchEnd.Committed)
    {
        var batch = new List<ConsumeResult<string, byte[]>>();
        for (var record = consumer.Consume(TimeSpan.FromMilliseconds(50)); record is not null; record = batch.Count < maxBatch ? consumer.Consume(TimeSpan.Zero) : null)
        {
            batch.Add(record);
        }

        if (batch.Count == 0)
        {
            return false;
        }

        Records += batch.Count;
        var totals = Body(batch);
        if (end == BatchEnd.OutputLostThenRetried)
        {
            // The output failed: the retry policy runs the same batch again in place.
            totals = Body(batch);
        }

        foreach (var envelope in end == BatchEnd.OutputLost ? [] : totals)
        {
            producer.Produce(KafkaTopics.PostcodeTotals, MockKafkaCluster.FromEnvelope(envelope));
        }

        if (producer.Flush(RealTime.HangLimit) > 0)
        {
            throw new TimeoutException("totals not delivered to the mock cluster");
        }

        if (end != BatchEnd.NotCommitted)
        {
            Commit(batch);
        }

        return true;
    }

    /// <summary>Every assigned partition back to its start, as an offset reset does, the state kept.</summary>
    public void Rewind()
    {
        foreach (var partition in consumer.Assignment)
        {
            consumer.Seek(new TopicPartitionOffset(partition, Offset.Beginning));
        }
    }

    /// <summary>Leaves the group, as a host shutting down does: its partitions go to the others, its state is lost.</summary>
    public void Stop() => consumer.Close();

    public void Dispose()
    {
        consumer.Dispose();
        producer.Dispose();
    }

    // AggregateByPostcode.Run's body.
    private string[] Body(List<ConsumeResult<string, byte[]>> batch) =>
        assembly.Process(batch.Select(r => InboundRecord.FromKafka(r.Message.Value, r.Partition.Value, r.Offset.Value))).ToEnvelopes(KafkaTopics.PostcodeTotals);

    private void Commit(List<ConsumeResult<string, byte[]>> batch)
    {
        var offsets = batch.GroupBy(r => r.TopicPartition).Select(p => new TopicPartitionOffset(p.Key, p.Max(r => r.Offset.Value) + 1)).ToList();
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException)
        {
            // Refused during a rebalance, as the extension's are: the partition's next owner reads the batch again.
            return;
        }

        foreach (var offset in offsets)
        {
            committed[offset.Partition.Value] = Math.Max(committed.GetValueOrDefault(offset.Partition.Value), offset.Offset.Value);
        }
    }
}

/// <summary>
/// How a batch ends: committed; its output lost and the batch run again in place; its output lost and the batch
/// committed all the same (a broker the binding could not reach); or published but not committed, the worker stopping.
/// </summary>
public enum BatchEnd
{
    Committed,
    OutputLostThenRetried,
    OutputLost,
    NotCommitted,
}
