using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// The HTTP fault matrix: faults injected into each of the two feed URLs, served by a real HTTP server on 127.0.0.1,
/// through <see cref="SnapshotService.TakeAsync"/> wired by <see cref="Pipeline.Build"/>. Every case ends either in a
/// recovered, complete snapshot, or in one clear <see cref="FeedException"/> line, no snapshot at all and no warning
/// logged. Every wait (back-off, <c>Retry-After</c>, an attempt's timeout) is on a <see cref="TestClock"/>; the elapsed
/// times asserted are that clock's. How <c>velib</c> reports these errors is in <see cref="CliFaultTests"/>, what the
/// geocoder's own settings make of them in <see cref="GeocoderFaultTests"/>.
/// </summary>
[Collection(NetworkTests.Name)]
public class FeedFaultTests
{
    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task Connection_refused_by_a_host_that_never_answered_fails_at_once_with_one_line(FeedKind faulty)
    {
        using var refused = new RefusedPort();
        var url = refused.Url(Faults.FileName(faulty));

        var (error, elapsed) = await FailAsync(Faults.OneFaultyFeed(faulty, url));

        var unreachable = Assert.IsType<FeedUnreachableException>(error);
        Assert.StartsWith(url + ": ", unreachable.Message, StringComparison.Ordinal);
        // Said once: the socket's own message, which the request's already holds, is not added again.
        Assert.Single(Regex.Matches(unreachable.Message, "refused", RegexOptions.IgnoreCase));
        Assert.EndsWith("(not retried: no answer from this host yet)", unreachable.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, elapsed);
        Faults.AssertOneLine(unreachable.Message);
    }

    [Fact]
    public async Task A_feed_that_fails_at_once_fails_the_tick_at_once_and_stops_the_other_read()
    {
        await using var status = await LoopbackServer.StartAsync(Respond.Status(404));
        await using var information = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.Information)));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        using var services = Pipeline.Build(Faults.FeedSettings(status.Url("station_status.json").ToString(), information.Url("station_information.json").ToString(), ("FeedTimeout", "00:00:10"), ("TickDeadline", "00:00:45")), clock);

        // No time may pass: the 404 is the tick's answer. It waited for the other read's attempts and back-off, or the
        // deadline, 43 to 45 s, before saying so (found by an audit).
        var error = await Assert.ThrowsAsync<FeedException>(() => clock.RunAsync(services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None), _ => false));

        Assert.Equal($"{status.Url("station_status.json")}: HTTP 404 NotFound", error.Message);
        Assert.Equal(Fixture.StatusPublishedAt, clock.GetUtcNow());
        Assert.InRange(information.RequestCount, 0, 1);
    }

    [Fact]
    public async Task Connection_refused_by_a_host_that_answered_before_is_retried()
    {
        var clock = new TestClock(Fixture.StatusPublishedAt);
        await using var server = await Faults.HealthyAsync(FeedKind.Status);
        var url = server.Url("station_status.json").ToString();
        using var services = Pipeline.Build(Faults.FeedSettings(url, Fixture.InformationPath), clock);
        var snapshots = services.GetRequiredService<SnapshotService>();
        AssertComplete(await clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon));

        await server.StopListeningAsync(); // its port refuses from now on
        var start = clock.GetUtcNow();
        var error = await Assert.ThrowsAsync<FeedException>(() => clock.RunAsync(snapshots.TakeAsync(CancellationToken.None), Faults.Horizon));

        Assert.IsNotType<FeedUnreachableException>(error);
        Assert.StartsWith(url + ": ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(after 3 retries)", error.Message, StringComparison.Ordinal);
        Assert.True(clock.GetUtcNow() - start > TimeSpan.Zero, "the retries waited their back-off on the clock");
        Faults.AssertOneLine(error.Message);
    }

    [Fact]
    public async Task Connection_refused_on_a_retry_after_the_first_attempt_was_answered_is_retried_too()
    {
        await using var down = await LoopbackServer.StartAsync(Respond.Status(503));
        var url = down.Url("station_status.json").ToString();
        var stopped = false;

        // The first attempt is answered 503; before its retry is let through, the server stops listening (its port still held).
        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url, ("MaxRetries", "1")), mayFire: due =>
        {
            if (due <= Faults.Horizon && !stopped && down.RequestCount == 1)
            {
                down.StopListeningAsync().GetAwaiter().GetResult();
                stopped = true;
            }

            return due <= Faults.Horizon;
        });

        Assert.True(stopped);
        Assert.IsNotType<FeedUnreachableException>(error);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(url)}: .*refused.* \\(after 1 retries\\)$", error.Message);
        Assert.Equal(1, down.RequestCount);
        Faults.AssertOneLine(error.Message);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_server_slower_than_the_timeout_fails_after_the_retries(FeedKind faulty)
    {
        await using var slow = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Faults.RealBody(faulty))));
        var url = slow.Url(Faults.FileName(faulty)).ToString();
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var timeout = TimeSpan.FromSeconds(0.4);

        var (error, elapsed) = await FailAsync(
            Faults.OneFaultyFeed(faulty, url, ("FeedTimeout", "00:00:00.400"), ("MaxRetries", "1")),
            clock,
            Faults.TimeOutEachRequest(slow, clock, timeout));

        Assert.Equal($"{url}: no answer within 0.4 s (after 1 retries)", error.Message);
        Assert.Equal(2, slow.RequestCount);
        Assert.True(elapsed >= 2 * timeout, $"{elapsed}: two attempts cut at the timeout, and the back-off between them");
    }

    [Theory]
    [InlineData(FeedKind.Status, 500)]
    [InlineData(FeedKind.Status, 502)]
    [InlineData(FeedKind.Status, 503)]
    [InlineData(FeedKind.Information, 500)]
    [InlineData(FeedKind.Information, 502)]
    [InlineData(FeedKind.Information, 503)]
    public async Task Server_errors_then_success_are_recovered_by_the_retry(FeedKind faulty, int status)
    {
        await using var flaky = await LoopbackServer.StartAsync(
            Respond.Status(status), Respond.Status(status), Respond.Status(status), Respond.Json(Faults.RealBody(faulty)));

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(faulty, flaky.Url(Faults.FileName(faulty)).ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(4, flaky.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task Server_errors_beyond_the_retries_fail_with_the_status(FeedKind faulty)
    {
        await using var down = await LoopbackServer.StartAsync(Respond.Status(503));
        var url = down.Url(Faults.FileName(faulty)).ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, url));

        Assert.Equal($"{url}: HTTP 503 ServiceUnavailable (after 3 retries)", error.Message);
        Assert.Equal(4, down.RequestCount);
    }

    [Theory]
    [InlineData(400, "BadRequest")] // the first status that is no redirect
    [InlineData(404, "NotFound")]
    [InlineData(304, "NotModified")] // not a redirect: an answer to a conditional request, which is never sent (it led "nowhere")
    [InlineData(499, null)] // a status without a name is given by its number alone (it read "HTTP 499 499")
    public async Task A_client_error_is_not_retried(int status, string? name)
    {
        await using var missing = await LoopbackServer.StartAsync(Respond.Status(status));
        var url = missing.Url("station_status.json").ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url));

        Assert.Equal($"{url}: HTTP {status}{(name is null ? "" : $" {name}")}", error.Message);
        Assert.Equal(1, missing.RequestCount);
    }

    [Fact]
    public async Task A_Retry_After_given_as_a_date_waits_until_that_date()
    {
        // The test clock starts at Fixture.StatusPublishedAt, a whole second, and an HTTP date has whole seconds.
        var until = Fixture.StatusPublishedAt.AddSeconds(3).ToString("R", CultureInfo.InvariantCulture);
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: until), Respond.Json(Fixture.Status));

        var (snapshot, error, elapsed) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Status, busy.Url("station_status.json").ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(2, busy.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
    }

    [Theory]
    [InlineData("opendata/Velib_Metropole/", "")]
    [InlineData("opendata/Velib_Metropole", "")]
    [InlineData("opendata/Velib_Metropole/?apikey=s3cret", "?apikey=s3cret")] // the file name went into the query
    public async Task Both_documents_are_read_below_FeedBaseUrl_with_or_without_its_last_slash_keeping_its_query(string basePath, string query)
    {
        var (status, information) = (Respond.Json(Fixture.Status), Respond.Json(Fixture.Information));
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Request.Path.Value!.EndsWith("/station_status.json", StringComparison.Ordinal) ? status(ctx) : information(ctx));
        var settings = Pipeline.RecordedSettings();
        settings.Remove("Velib:StatusLocation");
        settings.Remove("Velib:InformationLocation");
        settings["Velib:FeedBaseUrl"] = server.Url(basePath).ToString();
        settings["Velib:FeedTimeout"] = Faults.AttemptTimeout;

        var (snapshot, error, _) = await Faults.TakeAsync(settings);

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal([$"/opendata/Velib_Metropole/station_information.json{query}", $"/opendata/Velib_Metropole/station_status.json{query}"], server.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_TLS_failure_says_its_cause_in_the_one_line()
    {
        await using var plain = await Faults.HealthyAsync(FeedKind.Status);
        var url = $"https://127.0.0.1:{plain.BaseUri.Port}/station_status.json";

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url));

        // The request's own message only says "see inner exception": the cause, appended, is what a user acts on.
        Assert.StartsWith($"{url}: The SSL connection could not be established, see inner exception: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(after 3 retries)", error.Message, StringComparison.Ordinal);
        Faults.AssertOneLine(error.Message);
    }

    [Fact]
    public async Task Requests_name_the_pipeline_and_ask_for_JSON()
    {
        var (agent, accept) = ("", "");
        var answer = Respond.Json(Fixture.Status);
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            (agent, accept) = (ctx.Request.Headers.UserAgent.ToString(), ctx.Request.Headers.Accept.ToString());
            return answer(ctx);
        });

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Status, server.Url("station_status.json").ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(("velib-pipeline/1.0 (+https://github.com/velib-pipeline)", "application/json"), (agent, accept));
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task Too_many_requests_waits_as_long_as_Retry_After_says(FeedKind faulty)
    {
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "2"), Respond.Json(Faults.RealBody(faulty)));

        // Back-off without Retry-After would be about 10 ms: only the header explains a wait of 2 s.
        var (snapshot, error, elapsed) = await Faults.TakeAsync(Faults.OneFaultyFeed(faulty, busy.Url(Faults.FileName(faulty)).ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(2, busy.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(2), elapsed);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_is_capped(FeedKind faulty)
    {
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "120"), Respond.Json(Faults.RealBody(faulty)));

        // Only the capped wait is passed on the clock: an attempt's timeout must not fire while the server answers.
        var (snapshot, error, elapsed) = await Faults.TakeAsync(
            Faults.OneFaultyFeed(faulty, busy.Url(Faults.FileName(faulty)).ToString()), mayFire: due => due == TimeSpan.FromSeconds(30));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(2, busy.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(30), elapsed);
    }

    /// <summary>A Retry-After date already past (a server's clock behind ours) asks no wait: the back-off is taken, not an immediate retry.</summary>
    [Fact]
    public async Task A_Retry_After_date_already_past_waits_the_back_off()
    {
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"), Respond.Json(Faults.RealBody(FeedKind.Status)));

        var (snapshot, error, elapsed) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Status, busy.Url(Faults.FileName(FeedKind.Status)).ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(2, busy.RequestCount);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)); // the library's jittered back-off from 1 s; it was 0
    }

    [Fact]
    public async Task Too_many_requests_beyond_the_retries_fail_with_the_status()
    {
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "0"));
        var url = busy.Url("station_status.json").ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url, ("MaxRetries", "2")));

        Assert.Equal($"{url}: HTTP 429 TooManyRequests (after 2 retries)", error.Message);
        Assert.Equal(3, busy.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_body_cut_in_the_middle_fails_after_the_retries_and_nothing_partial_comes_out(FeedKind faulty)
    {
        var body = Faults.RealBody(faulty);
        await using var cutting = await LoopbackServer.StartAsync(Respond.CutAfter(body, body.Length / 2));
        var url = cutting.Url(Faults.FileName(faulty)).ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, url));

        Assert.IsNotType<FeedFormatException>(error);
        Assert.StartsWith($"{url}: body cut short: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(after 3 retries)", error.Message, StringComparison.Ordinal);
        Faults.AssertOneLine(error.Message);
        Assert.Equal(4, cutting.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_body_cut_once_is_recovered_by_the_retry(FeedKind faulty)
    {
        var body = Faults.RealBody(faulty);
        await using var cutting = await LoopbackServer.StartAsync(Respond.CutAfter(body, 1000), Respond.Json(body));

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(faulty, cutting.Url(Faults.FileName(faulty)).ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
        Assert.Equal(2, cutting.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_body_over_the_cap_with_Content_Length_is_refused_at_once(FeedKind faulty)
    {
        var body = Faults.OverCap(faulty);
        await using var healthy = await Faults.HealthySliceAsync(Faults.Other(faulty));
        await using var huge = await LoopbackServer.StartAsync(Respond.Json(body));
        var url = huge.Url(Faults.FileName(faulty)).ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, url, healthy));

        Assert.Equal($"{url}: body of {body.Length} bytes is over the 16777216-byte limit", error.Message);
        Assert.Equal(1, huge.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_body_over_the_cap_without_Content_Length_is_cut_off_at_the_cap(FeedKind faulty)
    {
        await using var healthy = await Faults.HealthySliceAsync(Faults.Other(faulty));
        await using var huge = await LoopbackServer.StartAsync(Respond.Chunked(Faults.OverCap(faulty)));
        var url = huge.Url(Faults.FileName(faulty)).ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, url, healthy));

        Assert.Equal($"{url}: body is over the 16777216-byte limit", error.Message);
        Assert.Equal(1, huge.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status, "gzip", "The archive entry was compressed using an unsupported compression method")]
    [InlineData(FeedKind.Information, "br", "Decoder ran into invalid data")]
    public async Task A_compressed_body_that_does_not_decode_is_named_with_its_url_and_not_retried(FeedKind faulty, string encoding, string cause)
    {
        // A gzip header, then bytes that are no deflate stream; for br, bytes that are no Brotli stream.
        byte[] corrupt = encoding == "gzip" ? [0x1F, 0x8B, 0x08, 0x00, .. "garbage garbage"u8] : [.. "garbage-not-brotli garbage-not-brotli"u8];
        await using var healthy = await Faults.HealthySliceAsync(Faults.Other(faulty));
        await using var broken = await LoopbackServer.StartAsync(Respond.Encoded(corrupt, encoding));
        var url = broken.Url(Faults.FileName(faulty)).ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, url, healthy));

        Assert.Equal($"{url}: compressed body that does not decode: {cause}", error.Message);
        Assert.Equal(1, broken.RequestCount);
    }

    [Fact]
    public async Task A_chunked_body_under_the_cap_is_read_whole()
    {
        await using var chunked = await LoopbackServer.StartAsync(Respond.Chunked(Fixture.Status));

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Status, chunked.Url("station_status.json").ToString()));

        Assert.Null(error);
        AssertComplete(snapshot);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task An_html_page_with_status_200_is_a_format_error(FeedKind faulty)
    {
        await using var portal = await LoopbackServer.StartAsync(Respond.Text("<html><body><h1>Maintenance</h1></body></html>"));

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, portal.Url(Faults.FileName(faulty)).ToString()));

        var format = Assert.IsType<FeedFormatException>(error);
        Assert.StartsWith($"{portal.Url(Faults.FileName(faulty))}: malformed JSON at line 1, byte 1: ", format.Message, StringComparison.Ordinal);
        Assert.EndsWith("(starts with '<html><body><h1>Maintenance</h1></body></html>')", format.Message, StringComparison.Ordinal);
        Faults.AssertOneLine(format.Message);
        Assert.Equal(1, portal.RequestCount);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task Valid_json_without_data_stations_is_a_format_error(FeedKind faulty)
    {
        // The real document, with its list under another name: well-formed JSON of the wrong shape.
        var tree = (JsonObject)JsonNode.Parse(Faults.RealBody(faulty))!;
        var data = tree["data"]!.AsObject();
        var stations = data["stations"]!;
        data.Remove("stations");
        data["bikes"] = stations;
        await using var wrong = await LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(tree)));

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, wrong.Url(Faults.FileName(faulty)).ToString()));

        Assert.Equal($"{wrong.Url(Faults.FileName(faulty))}: not a GBFS station document: no 'data.stations' list", Assert.IsType<FeedFormatException>(error).Message);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task An_empty_station_list_is_a_format_error(FeedKind faulty)
    {
        var tree = (JsonObject)JsonNode.Parse(Faults.RealBody(faulty))!;
        Fixture.Stations(tree).Clear();
        await using var empty = await LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(tree)));

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, empty.Url(Faults.FileName(faulty)).ToString()));

        Assert.Equal($"{empty.Url(Faults.FileName(faulty))}: the station list is empty", Assert.IsType<FeedFormatException>(error).Message);
    }

    [Theory]
    [InlineData(FeedKind.Status)]
    [InlineData(FeedKind.Information)]
    public async Task A_redirect_to_another_host_is_not_followed(FeedKind faulty)
    {
        await using var elsewhere = await LoopbackServer.StartAsync(Respond.Json(Faults.RealBody(faulty)));
        var target = $"http://localhost:{elsewhere.BaseUri.Port}/{Faults.FileName(faulty)}";
        await using var redirecting = await LoopbackServer.StartAsync(Respond.Redirect(target + "?token=abc"));
        var url = redirecting.Url(Faults.FileName(faulty)).ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(faulty, url));

        Assert.Equal($"{url}: redirect (HTTP 302) to {target} not followed; configure the final URL", error.Message);
        Assert.Equal(1, redirecting.RequestCount);
        Assert.Equal(0, elsewhere.RequestCount);
    }

    [Theory]
    [InlineData("///station_status.json")]
    [InlineData("//:80/x")]
    [InlineData("http://[")] // one the client itself cannot read (it was said to lead "nowhere")
    public async Task A_redirect_to_a_location_that_is_not_a_url_is_said_so(string location)
    {
        // It was "unexpected error: UriFormatException: Invalid URI: The hostname could not be parsed.", the URL unnamed.
        await using var redirecting = await LoopbackServer.StartAsync(Respond.Redirect(location));
        var url = redirecting.Url("station_status.json").ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url));

        Assert.Equal($"{url}: redirect (HTTP 302) to a location that is not a URL not followed; configure the final URL", error.Message);
    }

    [Theory]
    [InlineData(FeedReader.HttpClientName)]
    [InlineData(ReverseGeocoder.HttpClientName)]
    public void An_attempt_s_one_time_limit_is_the_pipeline_s_FeedTimeout(string client)
    {
        // SocketsHttpHandler's ConnectTimeout (it was 10 s, on the real clock) ends an attempt as a bare cancellation,
        // which neither the retry nor the messages take for a timeout: with FeedTimeout over 10 s, a host that never
        // accepted the connection gave "velib: cancelled", and from the geocoder the whole tick failed.
        using var services = Pipeline.Build(Pipeline.RecordedSettings());
        HttpMessageHandler? handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        Assert.Equal(Timeout.InfiniteTimeSpan, Assert.IsType<SocketsHttpHandler>(handler).ConnectTimeout);
    }

    /// <summary>
    /// An attempt given up while its body is read (the tick's deadline, the attempt's timeout, the caller) disposes its
    /// response: it was left to the finalizer, with the body's decompression stream and the connection's buffers.
    /// </summary>
    [Theory]
    [InlineData(FeedReader.HttpClientName)]
    [InlineData(ReverseGeocoder.HttpClientName)]
    public async Task An_attempt_cancelled_while_its_body_is_read_disposes_its_response(string client)
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new TestClock(Fixture.StatusPublishedAt)); // its timers never fire
        var handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client);
        var innermost = (DelegatingHandler)handler;
        while (innermost.InnerHandler is DelegatingHandler inner)
        {
            innermost = inner;
        }

        var body = new EndlessContent();
        innermost.InnerHandler = new AnswerWith(body);
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        using var cancel = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/station_status.json");

        var sent = invoker.SendAsync(request, cancel.Token);
        await body.Reading;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent);
        Assert.True(body.Disposed);
    }

    /// <summary>
    /// An attempt whose body fails as it is read, cut short (the library wraps the <see cref="IOException"/>, unwrapped
    /// here) or not decoding (said as the server's answer), disposes its response before it throws: each way out has
    /// its own <c>catch</c>, each its own <c>Dispose</c>. No retries, so the attempt's failure is the call's.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_attempt_whose_body_fails_as_it_is_read_disposes_its_response(bool undecodable)
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings().With(("MaxRetries", "0")), new TestClock(Fixture.StatusPublishedAt));
        var handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(FeedReader.HttpClientName);
        var innermost = (DelegatingHandler)handler;
        while (innermost.InnerHandler is DelegatingHandler inner)
        {
            innermost = inner;
        }

        var body = new FailingContent(undecodable ? new InvalidDataException("bad gzip header") : new IOException("cut short"));
        innermost.InnerHandler = new AnswerWith(body);
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/station_status.json");

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.IsType(undecodable ? typeof(FeedException) : typeof(IOException), thrown);
        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task A_redirect_without_a_location_is_said_to_lead_nowhere()
    {
        await using var redirecting = await LoopbackServer.StartAsync(Respond.Status(302));
        var url = redirecting.Url("station_status.json").ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url));

        Assert.Equal($"{url}: redirect (HTTP 302) to nowhere not followed; configure the final URL", error.Message);
    }

    [Theory]
    [InlineData(300)] // the first redirect status
    [InlineData(301)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Every_redirect_status_is_not_followed(int status)
    {
        await using var redirecting = await LoopbackServer.StartAsync(Respond.Redirect("http://localhost:1/station_status.json", status));
        var url = redirecting.Url("station_status.json").ToString();

        var (error, _) = await FailAsync(Faults.OneFaultyFeed(FeedKind.Status, url));

        Assert.Equal($"{url}: redirect (HTTP {status}) to http://localhost:1/station_status.json not followed; configure the final URL", error.Message);
        Assert.Equal(1, redirecting.RequestCount);
    }

    [Fact]
    public async Task A_fault_in_both_feeds_still_ends_in_one_line()
    {
        await using var down = await LoopbackServer.StartAsync(Respond.Status(503));
        var settings = Faults.FeedSettings(down.Url("station_status.json").ToString(), down.Url("station_information.json").ToString(), ("MaxRetries", "1"));

        var (error, _) = await FailAsync(settings);

        // The first document to fail for good fails the tick, and the other read is stopped wherever it is.
        Faults.AssertOneLine(error.Message);
        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/station_(status|information)\\.json: HTTP 503 ServiceUnavailable \\(after 1 retries\\)$", error.Message);
        Assert.InRange(down.RequestCount, 2, 4);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_in_a_name_cost_that_character_only()
    {
        var information = Fixture.Information;
        var at = System.Text.Encoding.UTF8.GetString(information).IndexOf("Victor Hugo", StringComparison.Ordinal) + "Victor Hug".Length;
        Assert.Equal((byte)'o', information[at]);
        information[at] = 0xF6; // 'ö' in Latin-1: not UTF-8
        await using var status = await Faults.HealthyAsync(FeedKind.Status);
        await using var latin1 = await LoopbackServer.StartAsync(Respond.Json(information));

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.FeedSettings(status.Url("station_status.json").ToString(), latin1.Url("station_information.json").ToString()));

        Assert.Null(error);
        Assert.Equal("Benjamin Godard - Victor Hug\uFFFD", snapshot!.Messages[0].Name);
        Assert.Equal((5, 1, 4), (snapshot.Messages[0].BikesAvailable, snapshot.Messages[0].Mechanical, snapshot.Messages[0].Electric));
    }

    /// <summary>The recovered snapshot is the whole, real one: both default stations with their recorded numbers.</summary>
    internal static void AssertComplete(Snapshot? snapshot)
    {
        Assert.NotNull(snapshot);
        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        var godard = snapshot.Messages[0];
        Assert.Equal((5, 1, 4, 30), (godard.BikesAvailable, godard.Mechanical, godard.Electric, godard.DocksAvailable));
        Assert.Equal("Benjamin Godard - Victor Hugo", godard.Name);
        Assert.Equal("75016", godard.Postcode);
        Assert.Equal(9, snapshot.Messages[1].BikesAvailable);
        Assert.Equal("Basilique", snapshot.Messages[1].Name);
        Assert.Empty(snapshot.MissingCodes);
        Assert.Empty(snapshot.Rejected);
        Assert.Empty(snapshot.Problems);
    }

    /// <summary>
    /// Takes a tick that must fail: no snapshot, no snapshot summary logged (nothing published, not even a partial
    /// result), and nothing logged at warning level or above, which the CLI would print beside its one error line.
    /// </summary>
    private static async Task<(FeedException Error, TimeSpan Elapsed)> FailAsync(
        IDictionary<string, string?> settings, TestClock? clock = null, Func<TimeSpan, bool>? mayFire = null)
    {
        var logs = new FakeLogCollector();
        var (snapshot, error, elapsed) = await Faults.TakeAsync(settings, logs, clock, mayFire);
        Assert.Null(snapshot);
        Assert.NotNull(error);
        Assert.DoesNotContain(logs.Texts(), text => text.StartsWith("Snapshot ", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        return (error, elapsed);
    }
}

/// <summary>Answers every request with 200 and <paramref name="body"/>, without a socket.</summary>
internal sealed class AnswerWith(HttpContent body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = body, RequestMessage = request });
}

/// <summary>A body of unknown length that says when it is disposed.</summary>
internal abstract class WatchedContent : HttpContent
{
    public bool Disposed { get; private set; }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

/// <summary>A body whose bytes never come: its read ends only when cancelled. Says when it is read.</summary>
internal sealed class EndlessContent : WatchedContent
{
    private readonly TaskCompletionSource reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reading => reading.Task;

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        reading.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>A body whose read fails at once with <paramref name="failure"/>.</summary>
internal sealed class FailingContent(Exception failure) : WatchedContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.FromException(failure);
}

/// <summary>Tests of real sockets and servers, run one at a time so that their many Kestrel servers do not crowd each other.</summary>
[CollectionDefinition(Name)]
public sealed class NetworkTests
{
    public const string Name = "network";
}
