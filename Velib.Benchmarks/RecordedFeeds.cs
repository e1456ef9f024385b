using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Velib.Core;
using Velib.Core.Snapshots;

namespace Velib.Benchmarks;

/// <summary>The real 2025-10-18 feed pair (Velib.Tests/Fixtures, copied next to the binary) and the services of the hosts.</summary>
internal static class RecordedFeeds
{
    public static string Dir { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "2025-10-18");

    /// <summary>The moment the status was published: every station is then as fresh as in production.</summary>
    public static DateTimeOffset PublishedAt { get; } = DateTimeOffset.FromUnixTimeSeconds(1760778556);

    public static FeedPair Pair() => new(
        File.ReadAllBytes(Path.Combine(Dir, "station_status.json")),
        File.ReadAllBytes(Path.Combine(Dir, "station_information.json")),
        PublishedAt);

    /// <summary>The snapshot service as <c>AddVelibCore</c> wires it: built-in postcode table, no geocoder, no log output.</summary>
    public static ServiceProvider Services(string stations)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Velib:Stations"] = stations,
                ["Velib:Geocoder:Enabled"] = "false",
            })
            .Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders())
            .AddVelibCore(configuration)
            .BuildServiceProvider();
    }

    public static SnapshotService Snapshots(ServiceProvider services) => services.GetRequiredService<SnapshotService>();
}
