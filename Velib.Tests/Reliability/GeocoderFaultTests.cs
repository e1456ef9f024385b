using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;
using Velib.Core.Stations;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// Faults of the reverse geocoder, a real HTTP server on 127.0.0.1. Station 40001 'Hôpital Mondor' is in the real
/// feed but not in the built-in postcode table, so its postcode comes from the geocoder; 16107 comes from the table.
/// A failure leaves 40001 published, flagged <c>postcode-unresolved</c>, not summed, with a warning logged. The server
/// answers with <c>reverse_creteil.json</c>, derived from a real answer for 40001's position. Every wait is on a
/// <see cref="TestClock"/>.
/// </summary>
[Collection(NetworkTests.Name)]
public class GeocoderFaultTests
{
    private const string Mondor = "40001";

    /// <summary>Real stations of the feed in Créteil ('Hôpital Mondor', 'Bas du Mont-Mesly', 'Sarrazins - Saussure') that the built-in table lacks.</summary>
    private static readonly string[] CreteilNotInTable = [Mondor, "40011", "40016"];

    [Fact]
    public void The_chosen_stations_are_really_missing_from_the_postcode_table()
    {
        Assert.All(CreteilNotInTable, code => Assert.False(PostcodeTable.BuiltIn.TryGet(code, out _)));
        Assert.True(PostcodeTable.BuiltIn.TryGet("16107", out _));
    }

    [Fact]
    public async Task A_healthy_geocoder_resolves_the_station_from_the_recorded_answer()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderCreteilAnswer));

        var (snapshot, logs) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString());

        var mondor = snapshot.Messages.Single(m => m.StationCode == Mondor);
        Assert.Equal(("94000", "Créteil"), (mondor.Postcode, mondor.City));
        Assert.DoesNotContain(QualityFlags.PostcodeUnresolved, mondor.Quality);
        Assert.Matches("^/geocodage/reverse\\?lon=2\\.4537451531298&lat=48\\.798922410229&limit=1$", Assert.Single(geocoder.Requests));
        Assert.Empty(logs.Warnings());
    }

    [Fact]
    public async Task The_geocoder_is_on_unless_turned_off()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderCreteilAnswer));
        var settings = GeocoderSettings(geocoder.Url("geocodage/reverse").ToString());
        settings.Remove("Velib:Geocoder:Enabled");

        var (snapshot, error, _) = await Faults.TakeAsync(settings);

        Assert.Null(error);
        Assert.Equal("94000", snapshot!.Messages.Single(m => m.StationCode == Mondor).Postcode);
        Assert.Equal(1, geocoder.RequestCount);
    }

    /// <summary>
    /// The faults the geocoder's own settings and parsing decide: its retry of a refusal, its timeout, its one retry,
    /// its body cap, and its answer format. The HTTP mechanics it shares with the feeds (a body cut short, a chunked
    /// body over the cap, a redirect) are in <see cref="FeedFaultTests"/>.
    /// </summary>
    public static TheoryData<string> FailureCases => ["refused", "slow", "503", "over-cap", "html", "wrong-shape", "corrupt-gzip"];

    [Theory]
    [MemberData(nameof(FailureCases))]
    public async Task A_failing_geocoder_leaves_the_station_unresolved_published_and_not_summed(string fault)
    {
        var answer = Fixture.GeocoderCreteilAnswer;
        byte[] large = [.. Fixture.GeocoderParisAnswer, .. Enumerable.Repeat((byte)' ', 300_000)]; // a real answer padded over the 256 KiB cap; never parsed
        var noFeatures = (JsonObject)JsonNode.Parse(answer)!;
        noFeatures.Remove("features");
        await using var geocoder = await LoopbackServer.StartAsync(fault switch
        {
            "slow" => Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(answer)),
            "503" => Respond.Status(503),
            "over-cap" => Respond.Json(large),
            "html" => Respond.Text("<html><body>Bad Gateway</body></html>"),
            "corrupt-gzip" => Respond.Encoded([0x1F, 0x8B, 0x08, 0x00, .. "garbage garbage"u8], "gzip"),
            _ => Respond.Json(Fixture.Bytes(noFeatures)),
        });
        using var refused = new RefusedPort();
        var url = fault == "refused" ? refused.Url("geocodage/reverse") : geocoder.Url("geocodage/reverse").ToString();
        var expected = fault switch
        {
            "refused" => $"{url}: Connection refused",
            "slow" => $"{url}: no answer within 0.3 s (after 1 retries)",
            "503" => $"{url}: HTTP 503 ServiceUnavailable (after 1 retries)",
            "over-cap" => $"{url}: body of {large.Length} bytes is over the 262144-byte limit",
            "html" => "geocoder: answer is not GeoCodeJSON: ",
            "corrupt-gzip" => $"{url}: compressed body that does not decode: The archive entry was compressed using an unsupported compression method",
            _ => "geocoder: answer has no 'features' list",
        };

        var clock = new TestClock(Fixture.StatusPublishedAt);
        var timeout = TimeSpan.FromSeconds(0.3);
        var (snapshot, logs) = fault == "slow"
            ? await TakeAsync(url, clock, Faults.TimeOutEachRequest(geocoder, clock, timeout), ("FeedTimeout", "00:00:00.300"))
            : await TakeAsync(url, clock, null);

        var mondor = AssertUnresolvedButPublished(snapshot);
        // One line for the station, naming the cause.
        var warning = Assert.Single(logs.Warnings());
        Assert.StartsWith($"1 station(s) without postcode (reverse geocoding failed: {expected}", warning, StringComparison.Ordinal);
        Assert.EndsWith($"not summed into any postcode: {Mondor}", warning, StringComparison.Ordinal);
        Faults.AssertOneLine(warning);
        if (fault is "refused")
        {
            Assert.EndsWith(" (after 1 retries)), not summed into any postcode: " + Mondor, warning, StringComparison.Ordinal);
        }
        Assert.Equal(20, mondor.BikesAvailable);
        Assert.Equal(fault switch { "refused" => 0, "slow" or "503" => 2, _ => 1 }, geocoder.RequestCount);
    }

    [Fact]
    public async Task A_geocoder_that_never_answers_costs_half_the_tick_deadline_not_the_tick()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.GeocoderCreteilAnswer)));
        var url = geocoder.Url("geocodage/reverse").ToString();
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var budget = TimeSpan.FromSeconds(25);

        // Only the look-ups' time may pass, once, when the request is at the server: the attempt's timeout (30 s) and
        // the tick deadline (50 s) never come.
        var fired = false;
        var (snapshot, logs) = await TakeAsync(url, clock, due => due == budget && geocoder.RequestCount > 0 && !fired && (fired = true), ("FeedTimeout", "00:00:30"), ("TickDeadline", "00:00:50"));

        AssertUnresolvedButPublished(snapshot);
        Assert.Equal([$"1 station(s) without postcode (reverse geocoding stopped after 25 s, half the tick deadline), not summed into any postcode: {Mondor}"], logs.Warnings());
        Assert.Equal(Fixture.StatusPublishedAt + budget, clock.GetUtcNow());
        Assert.Equal(1, geocoder.RequestCount);
    }

    /// <summary>
    /// The feed's Retry-After takes 30 s of the deadline. With 50 s, the look-ups get 7.5 s (up to 37.5 s, a quarter
    /// before the end); with 36 s, less than a quarter is left and the geocoder is not called. Only those waits, and the
    /// deadline's (which a look-up measured from its own start would reach), may pass once the geocoder holds a request.
    /// </summary>
    [Theory]
    [InlineData(50, 7.5, "reverse geocoding stopped after 7.5 s, with a quarter of the tick deadline left", 1)]
    [InlineData(36, 0, "reverse geocoding not tried: the feeds took more than three quarters of the tick deadline", 0)]
    [InlineData(40, 0, "reverse geocoding not tried: the feeds took more than three quarters of the tick deadline", 0)]
    public async Task After_slow_feeds_a_geocoder_that_never_answers_stops_while_a_quarter_of_the_tick_deadline_is_left(int deadline, double lookups, string reason, int calls)
    {
        await using var status = await LoopbackServer.StartAsync(Respond.Status(503, "30"), Respond.Json(Fixture.Status));
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.GeocoderCreteilAnswer)));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var (lookupsDue, deadlineDue) = (TimeSpan.FromSeconds(lookups), TimeSpan.FromSeconds(deadline - 30));

        var (snapshot, logs) = await TakeAsync(
            geocoder.Url("geocodage/reverse").ToString(),
            clock,
            due => due == TimeSpan.FromSeconds(30) || (geocoder.RequestCount > 0 && (due == lookupsDue || due == deadlineDue)),
            ("StatusLocation", status.Url("station_status.json").ToString()),
            ("FeedTimeout", "00:05:00"),
            ("TickDeadline", TimeSpan.FromSeconds(deadline).ToString()));

        AssertUnresolvedButPublished(snapshot);
        Assert.Equal([$"1 station(s) without postcode ({reason}), not summed into any postcode: {Mondor}"], logs.Warnings());
        Assert.Equal(Fixture.StatusPublishedAt + TimeSpan.FromSeconds(30) + lookupsDue, clock.GetUtcNow());
        Assert.Equal((2, calls), (status.RequestCount, geocoder.RequestCount));
    }

    /// <summary>Stopped look-ups leave a station unresolved; a tick cancelled by its caller (Ctrl-C, the host) is not published.</summary>
    [Fact]
    public async Task A_tick_cancelled_by_its_caller_after_the_look_ups_stopped_is_cancelled_not_published()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderCreteilAnswer));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        using var services = Pipeline.Build(GeocoderSettings(geocoder.Url("geocodage/reverse").ToString()), clock);
        var snapshots = services.GetRequiredService<SnapshotService>();
        var feeds = await snapshots.FetchAsync(CancellationToken.None);

        // The tick's deadline ends now: no time is left for look-ups, and the caller has given up too.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => snapshots.BuildAsync(feeds, new CancellationToken(canceled: true), clock.GetUtcNow()));
        Assert.Equal(0, geocoder.RequestCount);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[null]")]
    [InlineData("[{}]")]
    [InlineData("""[{"properties":null}]""")]
    public async Task An_answer_without_address_leaves_the_station_unresolved(string features)
    {
        var empty = (JsonObject)JsonNode.Parse(Fixture.GeocoderCreteilAnswer)!;
        empty["features"] = JsonNode.Parse(features);
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(empty)));

        var (snapshot, logs) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString());

        AssertUnresolvedButPublished(snapshot);
        Assert.Contains($"1 station(s) without postcode (geocoder found no address at the station's position), not summed into any postcode: {Mondor}", logs.Warnings());
    }

    [Fact]
    public async Task Stations_at_which_the_geocoder_finds_no_address_are_named_in_one_warning()
    {
        var empty = (JsonObject)JsonNode.Parse(Fixture.GeocoderCreteilAnswer)!;
        empty["features"] = new JsonArray();
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(empty)));

        var (snapshot, logs) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString(), null, null, ("Stations", string.Join(',', CreteilNotInTable)));

        Assert.Equal(CreteilNotInTable, snapshot.UnresolvedCodes);
        Assert.Equal(CreteilNotInTable.Length, geocoder.RequestCount);
        Assert.Equal(
            $"3 station(s) without postcode (geocoder found no address at the station's position), not summed into any postcode: {string.Join(", ", CreteilNotInTable)}",
            Assert.Single(logs.Warnings()));
    }

    [Fact]
    public async Task Past_ten_reasons_the_stations_without_postcode_are_one_more_line()
    {
        // Twelve stations the table lacks, each answered another wrong postcode: twelve reasons, ten lines and one more.
        var codes = Fixture.StatusTree()["data"]!["stations"]!.AsArray().Select(s => (string)s!["stationCode"]!)
            .Where(code => !PostcodeTable.BuiltIn.TryGet(code, out _)).Order(StringComparer.Ordinal).Take(12).ToList();
        var answers = Enumerable.Range(0, 12).Select(i =>
        {
            var answer = (JsonObject)JsonNode.Parse(Fixture.GeocoderCreteilAnswer)!;
            answer["features"]![0]!["properties"]!["postcode"] = $"9{i:00}";
            return Respond.Json(Fixture.Bytes(answer));
        });
        await using var geocoder = await LoopbackServer.StartAsync([.. answers]);

        var (snapshot, logs) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString(), new TestClock(Fixture.StatusPublishedAt), null, ("Stations", string.Join(',', codes)));

        Assert.Equal(codes, snapshot.UnresolvedCodes);
        var lines = logs.Warnings().Where(w => w.Contains("without postcode", StringComparison.Ordinal)).ToList();
        Assert.Equal(11, lines.Count);
        Assert.All(lines.Take(10), line => Assert.Matches(@"^1 station\(s\) without postcode \(geocoder answered '9[0-9]{2}', which is not a postcode\)", line));
        Assert.Matches(@"^2 station\(s\) without postcode \(2 other reasons\), not summed into any postcode: [0-9A-Za-z_]+, [0-9A-Za-z_]+$", lines[10]);
    }

    [Theory]
    [InlineData("940", "940")]
    [InlineData("9400000000000000", "9400000000000000")]
    [InlineData("94000000000000000", "9400000000000000…")] // a postcode of 250,000 characters was one warning as long
    [InlineData("940000000000000\U0001F6B2", "940000000000000…")] // a bicycle is two UTF-16 units: never cut in half
    public async Task An_answer_whose_postcode_is_not_five_digits_leaves_the_station_unresolved_and_says_so(string postcode, string named)
    {
        var answer = (JsonObject)JsonNode.Parse(Fixture.GeocoderCreteilAnswer)!;
        answer["features"]![0]!["properties"]!["postcode"] = postcode;
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(answer)));

        var (snapshot, logs) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString());

        AssertUnresolvedButPublished(snapshot);
        Assert.Contains($"1 station(s) without postcode (geocoder answered '{named}', which is not a postcode), not summed into any postcode: {Mondor}", logs.Warnings());
    }

    /// <summary>Which statuses are retried is the feeds' rule too, tested in <see cref="FeedFaultTests"/>: here, that the geocoder's one retry recovers.</summary>
    [Fact]
    public async Task A_server_error_then_success_is_recovered_by_the_retry()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Status(502), Respond.Json(Fixture.GeocoderCreteilAnswer));

        var (snapshot, logs) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString());

        Assert.Equal("94000", snapshot.Messages.Single(m => m.StationCode == Mondor).Postcode);
        Assert.Equal(2, geocoder.RequestCount);
        Assert.Empty(logs.Warnings());
    }

    [Theory]
    [InlineData("2", 2)] // the geocoder's back-off without Retry-After would be about 200 ms
    [InlineData("3600", 5)] // capped at five seconds
    public async Task Too_many_requests_waits_as_long_as_Retry_After_says_up_to_five_seconds(string retryAfter, int expectedSeconds)
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter), Respond.Json(Fixture.GeocoderCreteilAnswer));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var start = clock.GetUtcNow();

        var (snapshot, _) = await TakeAsync(geocoder.Url("geocodage/reverse").ToString(), clock);

        Assert.Equal("94000", snapshot.Messages.Single(m => m.StationCode == Mondor).Postcode);
        Assert.Equal(2, geocoder.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), clock.GetUtcNow() - start);
    }

    // Every transient failure counts toward the breaker: server errors, 408, 429 (no Retry-After) and a body cut short.
    public static TheoryData<string> BreakerFaults => ["503", "500", "408", "429", "cut short"];

    [Theory]
    [MemberData(nameof(BreakerFaults))]
    public async Task The_circuit_breaker_and_the_cool_down_stop_hammering_a_failing_service(string fault)
    {
        // A cut answer far past the server's 64 KiB output buffer: its headers have left before the connection is
        // dropped, so the client sees a body cut short, never a reset before any answer (a different cause, another line).
        Func<HttpContext, Task> Failure() => fault == "cut short"
            ? Respond.CutAfter(new byte[200_000], 150_000)
            : Respond.Status(int.Parse(fault, CultureInfo.InvariantCulture));

        // Five failures open the circuit; the sixth answer would be a success, but must wait for the cool-down.
        await using var geocoder = await LoopbackServer.StartAsync(Failure(), Failure(), Failure(), Failure(), Failure(), Respond.Json(Fixture.GeocoderCreteilAnswer));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var logs = new FakeLogCollector();
        var settings = GeocoderSettings(geocoder.Url("geocodage/reverse").ToString(), ("Stations", string.Join(',', CreteilNotInTable)));
        using var services = Pipeline.Build(settings, clock, logs);
        var snapshots = services.GetRequiredService<SnapshotService>();

        // Tick 1: three stations to geocode; 2 attempts for the first two, 1 for the third, then the circuit is open.
        var first = await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon);
        Assert.Equal(5, geocoder.RequestCount);
        Assert.Equal(CreteilNotInTable, first.UnresolvedCodes);

        // The outage is one line: the breaker's failure is every station's reason.
        var warning = Assert.Single(logs.Warnings());
        var prefix = $"3 station(s) without postcode (reverse geocoding failed: {geocoder.Url("geocodage/reverse")}: ";
        var suffix = $"(after 1 retries)), not summed into any postcode: {string.Join(", ", CreteilNotInTable)}";
        if (fault == "cut short")
        {
            // After "body cut short", the cause is in the operating system's words.
            Assert.StartsWith(prefix + "body cut short: ", warning, StringComparison.Ordinal);
            Assert.EndsWith(suffix, warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal($"{prefix}HTTP {fault} {(HttpStatusCode)int.Parse(fault, CultureInfo.InvariantCulture)} {suffix}", warning);
        }

        // Tick 2, same instant: every failure is remembered for the cool-down; nothing is sent.
        var second = await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon);
        Assert.Equal(5, geocoder.RequestCount);
        Assert.Equal(CreteilNotInTable, second.UnresolvedCodes);

        // Tick 3, after the cool-down (10 minutes): the service is asked again (it has recovered) and every station resolves.
        clock.Advance(TimeSpan.FromMinutes(10));
        var third = await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon);
        Assert.Equal(5 + CreteilNotInTable.Length, geocoder.RequestCount);
        Assert.Empty(third.UnresolvedCodes);
        Assert.All(third.Messages, m => Assert.Equal(("94000", "Créteil"), (m.Postcode, m.City)));
    }

    /// <summary>
    /// A geocoder that takes requests and never answers: each tick's look-up is cut by the look-up budget (25 s), and
    /// a cut station is asked again at the next tick. Cut attempts count toward the breaker, over its cool-down of ten
    /// minutes: after five ticks the circuit is open and a tick no longer waits. It waited 25 s at every tick for as long
    /// as the hang lasted: a cut attempt was counted a success, and a minute held only one (found by an audit).
    /// </summary>
    [Fact]
    public async Task A_geocoder_that_hangs_opens_the_circuit_after_five_cut_look_ups()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.GeocoderCreteilAnswer)));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var budget = TimeSpan.FromSeconds(25);
        using var services = Pipeline.Build(GeocoderSettings(geocoder.Url("geocodage/reverse").ToString(), ("FeedTimeout", "00:00:30"), ("TickDeadline", "00:00:50")), clock);
        var snapshots = services.GetRequiredService<SnapshotService>();

        var took = new List<TimeSpan>();
        for (var tick = 0; tick < 6; tick++)
        {
            clock.Advance(Fixture.StatusPublishedAt + TimeSpan.FromMinutes(tick) - clock.GetUtcNow());
            var (began, requests) = (clock.GetUtcNow(), geocoder.RequestCount);

            // Only the budget may pass, once, when the geocoder holds this tick's request.
            var fired = false;
            var snapshot = await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), due => due == budget && geocoder.RequestCount > requests && !fired && (fired = true));

            Assert.Equal([Mondor], snapshot.UnresolvedCodes);
            took.Add(clock.GetUtcNow() - began);
        }

        Assert.Equal([budget, budget, budget, budget, budget, TimeSpan.Zero], took);
        Assert.Equal(5, geocoder.RequestCount);
    }

    /// <summary>Two failures (a 503 and its retry; one HTML page, not retried) are too few to open the circuit: only the cool-down holds the calls back.</summary>
    [Theory]
    [InlineData("503")]
    [InlineData("html")]
    public async Task A_failed_look_up_is_not_tried_again_before_the_cool_down(string fault)
    {
        Func<HttpContext, Task>[] failures = fault == "html" ? [Respond.Text("<html>Maintenance</html>")] : [Respond.Status(503), Respond.Status(503)];
        await using var geocoder = await LoopbackServer.StartAsync([.. failures, Respond.Json(Fixture.GeocoderCreteilAnswer)]);
        var clock = new TestClock(Fixture.StatusPublishedAt);
        using var services = Pipeline.Build(GeocoderSettings(geocoder.Url("geocodage/reverse").ToString()), clock);
        var snapshots = services.GetRequiredService<SnapshotService>();

        Assert.Equal([Mondor], (await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon)).UnresolvedCodes);
        Assert.Equal(failures.Length, geocoder.RequestCount);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal([Mondor], (await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon)).UnresolvedCodes);
        Assert.Equal(failures.Length, geocoder.RequestCount);

        // Ten minutes after the failed look-up began, to the tick: it is asked again.
        clock.Advance(Fixture.StatusPublishedAt + TimeSpan.FromMinutes(10) - clock.GetUtcNow());
        Assert.Empty((await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon)).UnresolvedCodes);
        Assert.Equal(failures.Length + 1, geocoder.RequestCount);
    }

    [Fact]
    public async Task Two_look_ups_that_fail_differently_are_each_told_their_own_failure()
    {
        // 40001 gets 503 twice (its look-up and retry), 40011 gets 500 twice: four failures, too few to open the circuit.
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Status(503), Respond.Status(503), Respond.Status(500), Respond.Status(500));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var logs = new FakeLogCollector();
        using var services = Pipeline.Build(GeocoderSettings(geocoder.Url("geocodage/reverse").ToString(), ("Stations", "16107,40001,40011")), clock, logs);

        var snapshot = await clock.RunAsync(services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None), Faults.Horizon);

        Assert.Equal([Mondor, "40011"], snapshot.UnresolvedCodes);
        Assert.Equal(4, geocoder.RequestCount);
        var url = geocoder.Url("geocodage/reverse");
        Assert.Equal(
            [
                $"1 station(s) without postcode (reverse geocoding failed: {url}: HTTP 503 ServiceUnavailable (after 1 retries)), not summed into any postcode: 40001",
                $"1 station(s) without postcode (reverse geocoding failed: {url}: HTTP 500 InternalServerError (after 1 retries)), not summed into any postcode: 40011",
            ],
            logs.Warnings());
    }

    [Fact]
    public async Task A_station_answered_once_is_not_asked_again()
    {
        await using var geocoder = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderCreteilAnswer));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        using var services = Pipeline.Build(GeocoderSettings(geocoder.Url("geocodage/reverse").ToString()), clock);
        var snapshots = services.GetRequiredService<SnapshotService>();

        await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon);
        clock.Advance(TimeSpan.FromDays(1));
        var again = await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon);

        Assert.Equal(1, geocoder.RequestCount);
        Assert.Equal("94000", again.Messages.Single(m => m.StationCode == Mondor).Postcode);
    }

    /// <summary>The geocoder's attempt timeout, on the test clock: beyond <see cref="Faults.Horizon"/>, so it never fires unless a test sets its own.</summary>
    internal const string GeocoderAttemptTimeout = "00:01:00";

    internal static Dictionary<string, string?> GeocoderSettings(string url, params (string Key, string Value)[] extra)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = "16107," + Mondor;
        settings["Velib:Geocoder:Enabled"] = "true";
        settings["Velib:Geocoder:Url"] = url;
        settings["Velib:FeedTimeout"] = GeocoderAttemptTimeout;
        return settings.With(extra);
    }

    private static Task<(Snapshot Snapshot, FakeLogCollector Logs)> TakeAsync(string url, TestClock? clock = null) => TakeAsync(url, clock, null);

    private static async Task<(Snapshot Snapshot, FakeLogCollector Logs)> TakeAsync(string url, TestClock? clock, Func<TimeSpan, bool>? mayFire, params (string Key, string Value)[] extra)
    {
        var logs = new FakeLogCollector();
        var (snapshot, error, _) = await Faults.TakeAsync(GeocoderSettings(url, extra), logs, clock, mayFire);
        Assert.Null(error);
        return (snapshot!, logs);
    }

    /// <summary>40001 is published with its real numbers and the flag, and the aggregation leaves it out of every total.</summary>
    private static StationMessage AssertUnresolvedButPublished(Snapshot snapshot)
    {
        Assert.Equal(["16107", Mondor], snapshot.Messages.Select(m => m.StationCode));
        var mondor = snapshot.Messages[1];
        Assert.Null(mondor.Postcode);
        Assert.Contains(QualityFlags.PostcodeUnresolved, mondor.Quality);
        Assert.Equal([Mondor], snapshot.UnresolvedCodes);

        var records = snapshot.Messages.Select((m, i) => InboundRecord.FromText(KafkaRecords.ToEnvelope(m, KafkaTopics.Stations, snapshot.Tick), $"message {i + 1}"));
        var result = Assemblies.New().Process(records);
        Assert.Empty(result.Rejected);
        Assert.Equal(1, result.Unresolved);
        var total = Assert.Single(result.Published);
        Assert.Equal(("75016", 5, 1, 4), (total.Postcode, total.TotalBikes, total.MechanicalBikes, total.ElectricBikes));
        Assert.Equal(["16107"], total.StationCodes);
        return mondor;
    }
}
