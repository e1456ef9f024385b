using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Messages;

namespace Velib.Benchmarks;

/// <summary>
/// The aggregation over station messages made from the real <c>all</c> snapshot (1,495 stations,
/// about 1,490 published): the snapshot's messages replicated over consecutive ticks, each copy with its own
/// <c>lastReported</c>, so that groups, per-station dedup and sums all do real work. <see cref="Assemble"/> is what the
/// function and <c>velib</c> run: a fresh <see cref="TickAssembly"/> taking the messages as one batch, every tick
/// completing.
/// </summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    private StationMessage[] messages = [];

    [Params(1_000, 100_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup() => messages = Generate(Messages);

    /// <summary>
    /// <paramref name="count"/> messages: the real snapshot's, tick after tick (one minute apart); within a tick, every
    /// fifth station also appears a second time, earlier, as a redelivered older record would.
    /// </summary>
    internal static StationMessage[] Generate(int count)
    {
        using var services = RecordedFeeds.Services("all");
        var snapshot = RecordedFeeds.Snapshots(services).BuildAsync(RecordedFeeds.Pair(), CancellationToken.None).GetAwaiter().GetResult();
        var source = snapshot.Messages;
        var result = new StationMessage[count];
        var i = 0;
        for (var tick = 0; i < count; tick++)
        {
            for (var j = 0; j < source.Count && i < count; j++)
            {
                var m = source[j];
                var shift = TimeSpan.FromMinutes(tick);
                result[i++] = m with
                {
                    Tick = m.Tick + shift,
                    LastReported = m.LastReported + shift + TimeSpan.FromSeconds(j % 7),
                    BikesAvailable = m.BikesAvailable,
                };
                if (j % 5 == 0 && i < count)
                {
                    result[i++] = m with { Tick = m.Tick + shift, LastReported = m.LastReported + shift - TimeSpan.FromSeconds(30) };
                }
            }
        }

        return result;
    }

    [Benchmark]
    public TickBatchResult Assemble()
    {
        return new TickAssembly(TimeProvider.System, NullLogger<TickAssembly>.Instance).Process(messages);
    }
}
