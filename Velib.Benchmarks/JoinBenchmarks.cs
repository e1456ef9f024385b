using BenchmarkDotNet.Attributes;
using Velib.Core.Configuration;
using Velib.Core.Gbfs;
using Velib.Core.Stations;

namespace Velib.Benchmarks;

/// <summary><c>StationBuilder.Join</c> alone, on the parsed real documents: the join, the checks and the flags.</summary>
[MemoryDiagnoser]
public class JoinBenchmarks
{
    private FeedDocument<StationStatus> status = null!;
    private FeedDocument<StationInformation> information = null!;
    private StationSelection selection = StationSelection.Default;

    [Params(StationSelection.DefaultCodes, StationSelection.AllKeyword)]
    public string Stations { get; set; } = StationSelection.DefaultCodes;

    [GlobalSetup]
    public void Setup()
    {
        var pair = RecordedFeeds.Pair();
        selection = StationSelection.Parse(Stations);
        status = StationStatusParser.Parse(pair.Status, selection);
        information = StationInformationParser.Parse(pair.Information, selection);
    }

    [Benchmark]
    public JoinedStations Join() => StationBuilder.Join(status, information, selection, RecordedFeeds.PublishedAt, TimeSpan.FromHours(1));
}
