using BenchmarkDotNet.Attributes;
using Velib.Core.Messages;

namespace Velib.Benchmarks;

/// <summary>
/// The Kafka side of a tick, per station message of the real feed: the producer's keyed envelope
/// (<c>KafkaRecords.ToEnvelope</c>) and the consumer's read of it (<c>StationRecordReader.TryRead</c>), bare and wrapped.
/// </summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private const int MaxRecordBytes = 64 * 1024;

    private StationMessage message = null!;
    private byte[] bare = [];
    private byte[] envelope = [];
    private DateTimeOffset now;

    [GlobalSetup]
    public void Setup()
    {
        // A typical message: the first of the real 'all' snapshot (a resolved postcode, a name, a position).
        message = AggregationBenchmarks.Generate(1)[0];
        now = RecordedFeeds.PublishedAt;
        bare = System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToJson(message));
        envelope = System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, now));
        if (!StationRecordReader.TryRead(envelope, out var read, out var reason) || read != message with { Quality = read!.Quality })
        {
            throw new InvalidOperationException($"envelope does not round-trip: {reason}");
        }
    }

    [Benchmark]
    public string ToEnvelope() => KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, now);

    [Benchmark]
    public StationMessage? ReadEnvelope()
    {
        StationRecordReader.TryRead(envelope, out var read, out _);
        return read;
    }

    [Benchmark]
    public StationMessage? ReadBare()
    {
        StationRecordReader.TryRead(bare, out var read, out _);
        return read;
    }
}
