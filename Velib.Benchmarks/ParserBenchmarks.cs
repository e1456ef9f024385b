using BenchmarkDotNet.Attributes;
using Velib.Core.Configuration;
using Velib.Core.Gbfs;

namespace Velib.Benchmarks;

/// <summary>Each feed parser alone on the real documents (457 KB status, 279 KB information): where a tick's time goes.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private byte[] status = [];
    private byte[] information = [];
    private StationSelection selection = StationSelection.Default;

    [Params(StationSelection.DefaultCodes, StationSelection.AllKeyword)]
    public string Stations { get; set; } = StationSelection.DefaultCodes;

    [GlobalSetup]
    public void Setup()
    {
        var pair = RecordedFeeds.Pair();
        (status, information) = (pair.Status, pair.Information);
        selection = StationSelection.Parse(Stations);
    }

    [Benchmark]
    public FeedDocument<StationStatus> Status() => StationStatusParser.Parse(status, selection);

    [Benchmark]
    public FeedDocument<StationInformation> Information() => StationInformationParser.Parse(information, selection);
}
