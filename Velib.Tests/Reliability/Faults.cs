using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
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
    public static string FileName(FeedKind kind) => kind == FeedKind.Status ? "station_status.json" : "station_information.json";

    public static byte[] RealBody(FeedKind kind) => kind == FeedKind.Status ? Fixture.Status : Fixture.Information;

    /// <summary>
    /// The longest wait <see cref="TakeAsync"/> lets the test clock pass at once: every back-off and <c>Retry-After</c>
    /// of these tests, and none of the attempt timeouts (<see cref="AttemptTimeout"/>), which a real answer must beat.
    /// </summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(10);

    /// <summary>The feeds' attempt timeout, on the test clock: it never fires in a test that does not set its own.</summary>
    public const string AttemptTimeout = "00:05:00";

    /// <summary>Test settings (short back-off, <see cref="AttemptTimeout"/>) with both feeds read from URLs.</summary>
    public static Dictionary<string, string?> FeedSettings(string statusUrl, string informationUrl, params (string Key, string Value)[] extra)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:StatusLocation"] = statusUrl;
        settings["Velib:InformationLocation"] = informationUrl;
        settings["Velib:FeedTimeout"] = AttemptTimeout;
        return settings.With(extra);
    }

    /// <summary>Settings where the feed <paramref name="faulty"/> is read from <paramref name="faultyUrl"/> and the other from its recorded file.</summary>
    public static Dictionary<string, string?> OneFaultyFeed(FeedKind faulty, string faultyUrl, params (string Key, string Value)[] extra) =>
        OneFaultyFeed(faulty, faultyUrl, Other(faulty) == FeedKind.Status ? Fixture.StatusPath : Fixture.InformationPath, extra);

    /// <summary>Settings where the feed <paramref name="faulty"/> is read from <paramref name="faultyUrl"/> and the other from a healthy server.</summary>
    public static Dictionary<string, string?> OneFaultyFeed(FeedKind faulty, string faultyUrl, LoopbackServer healthy, params (string Key, string Value)[] extra) =>
        OneFaultyFeed(faulty, faultyUrl, healthy.Url(FileName(Other(faulty))).ToString(), extra);

    private static Dictionary<string, string?> OneFaultyFeed(FeedKind faulty, string faultyUrl, string healthyLocation, (string Key, string Value)[] extra) =>
        faulty == FeedKind.Status ? FeedSettings(faultyUrl, healthyLocation, extra) : FeedSettings(healthyLocation, faultyUrl, extra);

    public static FeedKind Other(FeedKind kind) => kind == FeedKind.Status ? FeedKind.Information : FeedKind.Status;

    /// <summary>A server that always answers with the real recorded document of <paramref name="kind"/>.</summary>
    public static Task<LoopbackServer> HealthyAsync(FeedKind kind) => LoopbackServer.StartAsync(Respond.Json(RealBody(kind)));

    /// <summary>A server that always answers with the real document of <paramref name="kind"/> reduced to the default stations (a few hundred bytes).</summary>
    public static Task<LoopbackServer> HealthySliceAsync(FeedKind kind) =>
        LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(Fixture.Only(kind == FeedKind.Status ? Fixture.StatusTree() : Fixture.InformationTree(), "16107", "32017"))));

    /// <summary>
    /// Runs the producer's tick on a <see cref="TestClock"/> (at <see cref="Fixture.StatusPublishedAt"/> unless given),
    /// passing at once every wait within <see cref="Horizon"/> (or as <paramref name="mayFire"/> says). Returns the
    /// snapshot, or the <see cref="FeedException"/> it ended with, and how far the test clock moved meanwhile.
    /// </summary>
    public static async Task<(Snapshot? Snapshot, FeedException? Error, TimeSpan Elapsed)> TakeAsync(
        IDictionary<string, string?> settings, FakeLogCollector? logs = null, TestClock? clock = null, Func<TimeSpan, bool>? mayFire = null)
    {
        clock ??= new TestClock(Fixture.StatusPublishedAt);
        using var services = Pipeline.Build(settings, clock, logs);
        var snapshots = services.GetRequiredService<SnapshotService>();
        var start = clock.GetUtcNow();
        try
        {
            var snapshot = await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), mayFire ?? (due => due <= Horizon));
            return (snapshot, null, clock.GetUtcNow() - start);
        }
        catch (FeedException ex)
        {
            return (null, ex, clock.GetUtcNow() - start);
        }
    }

    /// <summary>
    /// For a server that never answers, with attempts timing out after <paramref name="timeout"/>: passes a back-off
    /// at once, and an attempt's timeout only when it is the one timer left within <see cref="Horizon"/> and the server
    /// holds that attempt's request, so that each attempt really reaches the server before it is given up. Longer
    /// timers (the tick deadline) never fire.
    /// </summary>
    public static Func<TimeSpan, bool> TimeOutEachRequest(LoopbackServer server, TestClock clock, TimeSpan timeout)
    {
        var timedOut = 0;
        return due =>
        {
            if (due != timeout)
            {
                return due <= Horizon;
            }

            if (clock.PendingDueTimes.Count(d => d <= Horizon) != 1 || server.RequestCount <= timedOut)
            {
                return false;
            }

            timedOut++;
            return true;
        };
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

    /// <summary>The real document padded with spaces one byte past the feed cap: valid JSON, never parsed.</summary>
    public static byte[] OverCap(FeedKind kind) => [.. RealBody(kind), .. Enumerable.Repeat((byte)' ', Velib.Core.Feeds.FeedReader.MaxBytes + 1 - RealBody(kind).Length)];
}
