using BenchmarkDotNet.Attributes;
using Velib.Core.Configuration;
using Velib.Core.Snapshots;

namespace Velib.Benchmarks;

/// <summary>
/// One producer tick on the real feed pair, without the fetch: parse both documents, join, check, resolve postcodes
/// from the built-in table, build the messages. <c>16107,32017</c> is the default selection; <c>all</c> keeps 1,495.
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private Microsoft.Extensions.DependencyInjection.ServiceProvider? services;
    private SnapshotService snapshots = null!;
    private FeedPair feeds = null!;

    [Params(StationSelection.DefaultCodes, "all")]
    public string Stations { get; set; } = StationSelection.DefaultCodes;

    [GlobalSetup]
    public void Setup()
    {
        feeds = RecordedFeeds.Pair();
        services = RecordedFeeds.Services(Stations);
        snapshots = RecordedFeeds.Snapshots(services);
        var first = snapshots.BuildAsync(feeds, CancellationToken.None).GetAwaiter().GetResult();
        var expected = Stations == "all" ? 1400 : 2;
        if (first.Messages.Count < expected)
        {
            throw new InvalidOperationException($"unexpected snapshot: {first.Summary}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => services?.Dispose();

    [Benchmark]
    public Task<Snapshot> Tick() => snapshots.BuildAsync(feeds, CancellationToken.None);
}
