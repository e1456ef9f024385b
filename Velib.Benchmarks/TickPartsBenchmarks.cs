using BenchmarkDotNet.Attributes;
using Velib.Core.Configuration;
using Velib.Core.Gbfs;
using Velib.Core.Snapshots;
using Velib.Core.Stations;

namespace Velib.Benchmarks;

/// <summary>
/// The parts of a tick alone, on the real documents (457 KB status, 279 KB information): each feed parser, then
/// <c>StationBuilder.Join</c> of their results (the join, the checks, the flags, the messages before postcodes).
/// </summary>
[MemoryDiagnoser]
public class TickPartsBenchmarks
{
    private byte[] statusDocument = [];
    private byte[] informationDocument = [];
    private GbfsDocument<StationStatus> status = null!;
    private GbfsDocument<StationInformation> information = null!;
    private StationSelection selection = StationSelection.Parse(StationSelection.DefaultCodes);
    private readonly FeedTick tick = new(RecordedFeeds.PublishedAt, FromFetchTime: false, Frozen: false, Problem: null);

    [Params(StationSelection.DefaultCodes, "all")]
    public string Stations { get; set; } = StationSelection.DefaultCodes;

    [GlobalSetup]
    public void Setup()
    {
        var pair = RecordedFeeds.Pair();
        (statusDocument, informationDocument) = (pair.Status, pair.Information);
        selection = StationSelection.Parse(Stations);
        status = StationStatus.Parse(statusDocument, selection);
        information = StationInformation.Parse(informationDocument, selection);
    }

    [Benchmark]
    public GbfsDocument<StationStatus> ParseStatus() => StationStatus.Parse(statusDocument, selection);

    [Benchmark]
    public GbfsDocument<StationInformation> ParseInformation() => StationInformation.Parse(informationDocument, selection);

    [Benchmark]
    public Joined Join() => StationBuilder.Join(status, information, selection);
}
