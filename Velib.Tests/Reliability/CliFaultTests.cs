using System.Text.Json.Nodes;
using Velib.Cli;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// How <c>velib run --status URL --information URL --geocoder off</c> reports a feed fault: exit code 1, one line on
/// stderr (the feed's error, or for an unreachable host the error and the offline hint), nothing on stdout. One fault
/// for each way the error reaches the CLI; every fault's own line is asserted in <see cref="FeedFaultTests"/>, which
/// also checks that none logs a warning beside it. A fault the retry recovers from ends in exit 0. The pipeline runs
/// on a <see cref="TestClock"/>: back-off and timeouts take no real time.
/// </summary>
[Collection(NetworkTests.Name)]
public class CliFaultTests
{
    /// <summary>Short back-off, and an attempt timeout the test clock never reaches, passed as the environment variables a user would set.</summary>
    internal static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["Velib__FeedTimeout"] = Faults.AttemptTimeout,
    };

    /// <summary>Unreachable (with the offline hint), timed out (the timeout set in the environment), retried status, format error.</summary>
    public static TheoryData<string> Faults_ => ["refused", "slow", "503", "html"];

    /// <summary><c>--repeat</c> times the building of a tick, not the network: the feeds are fetched once, the first pass.</summary>
    [Fact]
    public async Task Repeat_fetches_each_feed_once_and_builds_every_pass_from_it()
    {
        await using var status = await Faults.HealthySliceAsync(FeedKind.Status);
        await using var information = await Faults.HealthySliceAsync(FeedKind.Information);

        var (code, stdout, stderr) = await CliTests.Velib(["snapshot", "--repeat", "3", "--status", status.Url("station_status.json").ToString(), "--information", information.Url("station_information.json").ToString(), "--geocoder", "off"]);

        Assert.True(code == 0, stderr);
        Assert.Equal(["16107", "32017"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (string?)JsonNode.Parse(l)!["stationCode"]));
        Assert.Contains("velib: median of 3 passes:", stderr, StringComparison.Ordinal);
        Assert.Equal((1, 1), (status.RequestCount, information.RequestCount));
    }

    [Theory]
    [MemberData(nameof(Faults_))]
    public async Task A_faulty_status_feed_exits_1_with_one_line_on_stderr(string fault)
    {
        var status = Fixture.Status;
        await using var information = await Faults.HealthyAsync(FeedKind.Information);
        await using var server = await LoopbackServer.StartAsync(fault switch
        {
            "slow" => Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(status)),
            "503" => Respond.Status(503),
            _ => Respond.Text("<!DOCTYPE html><html><title>502</title></html>"),
        });
        using var refused = new RefusedPort();
        var url = fault == "refused" ? refused.Url("station_status.json") : server.Url("station_status.json").ToString();
        var expected = fault switch
        {
            "refused" => $"^velib: {Re(url)}: Connection refused .* \\(not retried: no answer from this host yet\\); offline\\? run on the recorded feed: {Re(VelibCli.RecordedFeedCommand("run", inRepository: false))}$",
            "slow" => $"^velib: {Re(url)}: no answer within 0\\.4 s \\(after 3 retries\\)$",
            "503" => $"^velib: {Re(url)}: HTTP 503 ServiceUnavailable \\(after 3 retries\\)$",
            _ => $"^velib: {Re(url)}: malformed JSON at line 1, byte 1: .* \\(starts with '<!DOCTYPE html><html><title>502</title></html>'\\)$",
        };

        var environment = new Dictionary<string, string?>(Environment);

        var clock = new TestClock(Fixture.StatusPublishedAt);
        Func<TimeSpan, bool>? mayFire = null;
        if (fault == "slow")
        {
            environment["Velib__FeedTimeout"] = "00:00:00.400";
            mayFire = Faults.TimeOutEachRequest(server, clock, TimeSpan.FromSeconds(0.4));
        }

        // The feeds are read at once by one fetcher, which retries a refusal once it has had an answer: with a refused
        // status, an answer of the information server first or not would be a race. It is read from its file instead.
        var informationLocation = fault == "refused" ? Fixture.InformationPath : information.Url("station_information.json").ToString();
        var (exit, stdout, stderr) = await RunAsync(environment, clock, mayFire, "run", "--status", url, "--information", informationLocation, "--geocoder", "off");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Matches(expected, line);
    }

    [Theory]
    [InlineData("snapshot")]
    [InlineData("run")]
    public async Task A_tick_past_Velib_TickDeadline_exits_1_at_the_deadline(string command)
    {
        // The status server never answers, and the attempt's timeout is minutes away: only the deadline can end the tick.
        await using var silent = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.Status)));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var start = clock.GetUtcNow();
        var environment = new Dictionary<string, string?>(Environment) { ["Velib__TickDeadline"] = "00:00:02" };

        var (exit, stdout, stderr) = await RunAsync(environment, clock, null, command, "--status", silent.Url("station_status.json").ToString(), "--information", Fixture.InformationPath, "--geocoder", "off");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        // The recorded information file may still be in flight when the clock jumps: then it is named too, after.
        Assert.StartsWith($"velib: tick deadline of 2 s exceeded while reading {silent.Url("station_status.json")}", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task A_fault_the_retry_recovers_from_exits_0_with_the_totals()
    {
        await using var information = await Faults.HealthyAsync(FeedKind.Information);
        await using var status = await LoopbackServer.StartAsync(Respond.Status(502), Respond.CutAfter(Fixture.Status, 4096), Respond.Json(Fixture.Status));

        var (exit, stdout, stderr) = await RunAsync(
            Environment,
            "run", "--status", status.Url("station_status.json").ToString(), "--information", information.Url("station_information.json").ToString(), "--geocoder", "off");

        Assert.Equal(0, exit);
        Assert.Equal(3, status.RequestCount);
        var totals = Lines(stdout).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["75016", "93200"], totals.Select(t => (string?)t["postcode"]));
        Assert.Equal([5, 9], totals.Select(t => (int)t["totalBikes"]!));
        Assert.DoesNotContain(Lines(stderr), l => l.Contains("error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("16107,213688169,75016,\"Paris\"", "line 2 has a quoted field; write the table without quotes")]
    [InlineData("16107,213688169,7501,Paris", "line 2: '7501' is not a five-digit postcode")]
    [InlineData("16107,213688169,75016,Paris\n16107,213688169,75116,Paris", "line 3: station 16107 is already on line 2")]
    public async Task A_postcode_table_with_a_bad_row_exits_1_with_its_line(string rows, string problem)
    {
        var table = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(table, $"stationCode,station_id,postcode,city\n{rows}\n");

            var (exit, stdout, stderr) = await RunAsync(Environment, "run", "--status", Fixture.StatusPath, "--information", Fixture.InformationPath, "--geocoder", "off", "--postcodes", table);

            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            Assert.Equal($"velib: {table}: {problem}", Assert.Single(Lines(stderr)));
        }
        finally
        {
            File.Delete(table);
        }
    }

    [Theory]
    [InlineData("snapshot", "\"stationCode\":\"16107\"", "\"stationCode\":\"32017\"")]
    [InlineData("run", "\"postcode\":\"75016\"", "\"postcode\":\"93200\"")]
    [InlineData("map", "<!DOCTYPE html>", "<title>94220 Charenton-le-Pont: ")]
    public async Task Offline_each_command_suggests_itself_on_the_recorded_feed_and_that_command_runs(string command, params string[] expectedLines)
    {
        using var refused = new RefusedPort();
        var (exit, _, stderr) = await RunAsync(Environment, command, "--status", refused.Url("station_status.json"), "--information", Fixture.InformationPath, "--geocoder", "off");
        Assert.Equal(1, exit);
        // Run here, outside the repository's root, the hint names the files; from the root, it gives their paths.
        Assert.Equal(VelibCli.RecordedFeedCommand(command, inRepository: false), Assert.Single(Lines(stderr)).Split("; offline? run on the recorded feed: ")[1]);
        Assert.Equal($"velib {command} --status station_status.json --information station_information.json --geocoder off, with a pair saved earlier (the repository has one in Velib.Tests/Fixtures/2025-10-18)", VelibCli.RecordedFeedCommand(command, inRepository: false));
        var hint = VelibCli.RecordedFeedCommand(command, inRepository: true);

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Velib.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Velib.slnx not found above the test's directory");
        }

        const string Prefix = "dotnet run --project Velib.Cli -- ";
        Assert.StartsWith(Prefix, hint, StringComparison.Ordinal);
        var args = hint[Prefix.Length..].Split(' ')
            .Select(a => a.StartsWith("Velib.Tests/", StringComparison.Ordinal) ? Path.Combine(root.FullName, a) : a)
            .ToArray();

        var (recordedExit, stdout, _) = await RunAsync(new Dictionary<string, string?>(), args);

        Assert.Equal(0, recordedExit);
        var lines = Lines(stdout);
        Assert.All(expectedLines, expected => Assert.Single(lines, l => l.Contains(expected, StringComparison.Ordinal)));
        if (command != "map")
        {
            Assert.Equal(expectedLines.Length, lines.Length);
        }
    }

    internal static Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunAsync(environment, new TestClock(Fixture.StatusPublishedAt), null, args);

    /// <summary>Runs <c>velib</c> on <paramref name="clock"/>, passing at once every wait within <see cref="Faults.Horizon"/> (or as <paramref name="mayFire"/> says).</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        IReadOnlyDictionary<string, string?> environment, TestClock clock, Func<TimeSpan, bool>? mayFire, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var cli = new CliContext(Stream.Null, stdout, stderr, environment) { Time = clock };
        var exit = await clock.RunAsync(VelibCli.RunAsync(args, cli), mayFire ?? (due => due <= Faults.Horizon));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Re(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
