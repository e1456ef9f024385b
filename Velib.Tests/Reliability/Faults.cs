using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Velib.Core.Feeds;
using Velib.Core.Snapshots;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>Which of the two feed documents a fault is injected into.</summary>
public enum FeedKind
{
    Status,
    Information,
}

/// <summary>Helpers of the fault-injection tests: real sockets, real Kestrel, the pipeline wired as the hosts wire it.</summary>
public static class Faults
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago and that nothing listens on: connecting is refused.</summary>
    public static int RefusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string FileName(FeedKind kind) => kind == FeedKind.Status ? "station_status.json" : "station_information.json";

    public static byte[] RealBody(FeedKind kind) => kind == FeedKind.Status ? Fixture.Status : Fixture.Information;

    /// <summary>Test settings (short back-off) with both feeds read from URLs.</summary>
    public static Dictionary<string, string?> FeedSettings(string statusUrl, string informationUrl, params (string Key, string Value)[] extra)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:StatusLocation"] = statusUrl;
        settings["Velib:InformationLocation"] = informationUrl;
        foreach (var (key, value) in extra)
        {
            settings["Velib:" + key] = value;
        }

        return settings;
    }

    /// <summary>Settings where the feed <paramref name="faulty"/> is read from <paramref name="faultyUrl"/> and the other from a healthy server.</summary>
    public static Dictionary<string, string?> OneFaultyFeed(FeedKind faulty, string faultyUrl, LoopbackServer healthy, params (string Key, string Value)[] extra)
    {
        var good = healthy.Url(FileName(Other(faulty))).ToString();
        return faulty == FeedKind.Status ? FeedSettings(faultyUrl, good, extra) : FeedSettings(good, faultyUrl, extra);
    }

    public static FeedKind Other(FeedKind kind) => kind == FeedKind.Status ? FeedKind.Information : FeedKind.Status;

    /// <summary>A server that always answers with the real recorded document of <paramref name="kind"/>.</summary>
    public static Task<LoopbackServer> HealthyAsync(FeedKind kind) => LoopbackServer.StartAsync(Respond.Json(RealBody(kind)));

    /// <summary>A server that always answers with the real document of <paramref name="kind"/> reduced to the default stations (a few hundred bytes).</summary>
    public static Task<LoopbackServer> HealthySliceAsync(FeedKind kind) =>
        LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(Fixture.Only(kind == FeedKind.Status ? Fixture.StatusTree() : Fixture.InformationTree(), "16107", "32017"))));

    /// <summary>Runs the producer's tick; returns the snapshot, or the <see cref="FeedException"/> it ended with, and how long it took.</summary>
    public static async Task<(Snapshot? Snapshot, FeedException? Error, TimeSpan Elapsed)> TakeAsync(IDictionary<string, string?> settings, RecordingLogs? logs = null, TimeProvider? time = null)
    {
        using var services = Pipeline.Build(settings, time, logs);
        var snapshots = services.GetRequiredService<SnapshotService>();
        var clock = Stopwatch.StartNew();
        try
        {
            var snapshot = await snapshots.TakeAsync(CancellationToken.None);
            return (snapshot, null, clock.Elapsed);
        }
        catch (FeedException ex)
        {
            return (null, ex, clock.Elapsed);
        }
    }

    /// <summary>The failure is one clear line: no line break, no stack trace, no type name.</summary>
    public static void AssertOneLine(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }
}
