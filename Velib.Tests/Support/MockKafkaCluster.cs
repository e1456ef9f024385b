using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Velib.Core.Messages;

namespace Velib.Tests.Support;

/// <summary>
/// librdkafka's mock cluster: in-process brokers on loopback ports librdkafka picks, alive while this holds the client
/// that made it. Topics are created on first use, with librdkafka's default of 4 partitions.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const string Listening = "replaced with ";

    private readonly IAdminClient holder;

    private MockKafkaCluster(IAdminClient holder, string bootstrapServers) => (this.holder, BootstrapServers) = (holder, bootstrapServers);

    public string BootstrapServers { get; }

    public static MockKafkaCluster Start(int brokers = 3)
    {
        string? servers = null;
        var config = new Dictionary<string, string> { ["bootstrap.servers"] = "unused:9092", ["test.mock.num.brokers"] = $"{brokers}" };

        // Confluent.Kafka has no call for the mock cluster's addresses: librdkafka says them once, in this log line, as the client is made.
        var holder = new AdminClientBuilder(config)
            .SetLogHandler((_, message) =>
            {
                if (message.Facility == "MOCK" && message.Message.IndexOf(Listening, StringComparison.Ordinal) is >= 0 and var at)
                {
                    servers = message.Message[(at + Listening.Length)..].Trim();
                }
            })
            .Build();
        return servers is null ? throw new InvalidOperationException("librdkafka did not say where its mock cluster listens") : new MockKafkaCluster(holder, servers);
    }

    /// <summary>A producer as the output binding's: idempotent, every replica acknowledging.</summary>
    public IProducer<string, string> Producer() =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 })
            .SetLogHandler(Quiet)
            .Build();

    /// <summary>A member of <paramref name="group"/> that commits only when told, reading a new group's partitions from their start (the app's <c>autoOffsetReset</c>).</summary>
    /// <remarks>
    /// The mock cluster holds each change of a group for the session timeout less a second (45 s by default): 6 s, the
    /// brokers' least, keeps that short.
    /// </remarks>
    public IConsumer<string, byte[]> Consumer(string group) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group, EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest, SessionTimeoutMs = 6_000, HeartbeatIntervalMs = 1_000 })
            .SetLogHandler(Quiet)
            .Build();

    /// <summary>Every record of <paramref name="topic"/>, partition by partition, in offset order.</summary>
    public IReadOnlyList<ConsumeResult<string, byte[]>> ReadAll(string topic)
    {
        using var reader = Consumer($"reader-{Guid.NewGuid():N}");
        var partitions = holder.GetMetadata(topic, RealTime.HangLimit).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId));
        var ends = partitions.ToDictionary(tp => tp, tp => reader.QueryWatermarkOffsets(tp, RealTime.HangLimit).High.Value);
        reader.Assign(ends.Keys.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var records = new List<ConsumeResult<string, byte[]>>();
        using var limit = new CancellationTokenSource(RealTime.HangLimit);
        while (records.Count < ends.Values.Sum())
        {
            records.Add(reader.Consume(limit.Token));
        }

        reader.Close();
        return [.. records.OrderBy(r => r.Partition.Value).ThenBy(r => r.Offset.Value)];
    }

    /// <summary>The record the output binding makes of an envelope: its key, value and headers (the rest it leaves to the producer).</summary>
    public static Message<string, string> FromEnvelope(string envelope)
    {
        var record = JsonSerializer.Deserialize(envelope, MessageJson.KafkaEnvelope)!;
        var headers = new Headers();
        foreach (var header in record.Headers)
        {
            headers.Add(header.Key, header.Value is null ? null : Encoding.UTF8.GetBytes(header.Value));
        }

        return new Message<string, string> { Key = record.Key!, Value = record.Value, Headers = headers };
    }

    public void Dispose() => holder.Dispose();

    // Without a handler, librdkafka writes its log to the test run's stderr.
    private static void Quiet<T>(T client, LogMessage message)
    {
    }
}
