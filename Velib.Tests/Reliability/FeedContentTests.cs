using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Testing;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>Documents as users give them: swapped, saved by an editor, with letters JSON may escape; and a geocoder that is down.</summary>
public class FeedContentTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("information")]
    [InlineData("both")]
    public async Task Swapped_documents_are_named_as_such_in_one_line(string swapped)
    {
        var status = swapped is "status" or "both" ? Fixture.InformationPath : Fixture.StatusPath;
        var information = swapped is "information" or "both" ? Fixture.StatusPath : Fixture.InformationPath;

        var (code, stdout, stderr) = await VelibInProcess.RunAsync(["run", "--status", status, "--information", information, "--geocoder", "off"]);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal(
            swapped == "information"
                ? $"velib: {Fixture.StatusPath}: this is a station_status.json document, not station_information.json (its entries have 'num_bikes_available', none has 'lat'): were the two documents swapped?"
                : $"velib: {Fixture.InformationPath}: this is a station_information.json document, not station_status.json (its entries have 'lat', none has 'num_bikes_available'): were the two documents swapped?",
            stderr.TrimEnd('\n', '\r'));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")] // what Windows PowerShell 5 writes with '>'
    [InlineData("utf-16BE")]
    public async Task Documents_saved_with_a_byte_order_mark_crlf_and_trailing_blanks_give_the_same_totals(string encodingName)
    {
        var encoding = encodingName == "utf-8" ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: true) : Encoding.GetEncoding(encodingName);
        var directory = Directory.CreateTempSubdirectory("velib-edited-");
        try
        {
            var status = Path.Combine(directory.FullName, "status.json");
            var information = Path.Combine(directory.FullName, "information.json");
            File.WriteAllText(status, AsEdited(Fixture.Status), encoding);
            File.WriteAllText(information, AsEdited(Fixture.Information), encoding);
            Assert.Equal(encoding.Preamble.ToArray(), File.ReadAllBytes(status)[..encoding.Preamble.Length]);

            var edited = await VelibInProcess.RunAsync(["run", "--stations", "all", "--status", status, "--information", information, "--geocoder", "off"]);
            var recorded = await VelibInProcess.RunAsync(["run", "--stations", "all", .. VelibInProcess.Recorded]);

            Assert.Equal((0, recorded.Stdout), (edited.Code, edited.Stdout));
            Assert.Equal(85, edited.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Stdout_keeps_letters_and_apostrophes_as_the_feed_has_them_and_stays_valid_json()
    {
        var (code, stdout, _) = await VelibInProcess.RunAsync(["snapshot", "--stations", "all", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"name\":\"Cité Riverin - Château d'Eau\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"city\":\"Sèvres\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\\u00", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", stdout, StringComparison.Ordinal);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public async Task A_refused_geocoder_is_one_warning_line_naming_every_station_it_leaves_unresolved()
    {
        using var refused = new RefusedPort();
        var logs = new FakeLogCollector();
        var settings = GeocoderFaultTests.GeocoderSettings(refused.Url("geocodage/reverse"), ("Stations", "all"));

        var (snapshot, error, elapsed) = await Faults.TakeAsync(settings, logs);

        Assert.Null(error);
        Assert.Equal(84, snapshot!.UnresolvedCodes.Count);

        // Once the breaker is open no station waits its turn: not 84 x 0.1 s of pacing, five attempts and their back-off.
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"{elapsed} on the clock");
        var warning = Assert.Single(logs.Warnings(), w => w.Contains("without postcode", StringComparison.Ordinal));
        Assert.StartsWith($"84 station(s) without postcode (reverse geocoding failed: {refused.Url("geocodage/reverse")}: Connection refused", warning, StringComparison.Ordinal);
        Assert.EndsWith($"not summed into any postcode: {string.Join(", ", snapshot.UnresolvedCodes)}", warning, StringComparison.Ordinal);
    }

    /// <summary>
    /// A wrong URL (404, or a redirect: http to https, a missing final slash) or refused credentials (403) are not
    /// retried, but fail every station alike: five calls, not 84 (a redirect cost 84, and one to a location that is not
    /// a URL failed the whole tick with "unexpected error").
    /// </summary>
    [Theory]
    [InlineData(404, null, "HTTP 404 NotFound")]
    [InlineData(403, null, "HTTP 403 Forbidden")]
    [InlineData(400, null, "HTTP 400 BadRequest")] // the first client error
    [InlineData(300, "https://geo.example/geocodage/reverse/", "redirect (HTTP 300) to https://geo.example/geocodage/reverse/ not followed; configure the final URL")] // the first redirect status
    [InlineData(302, "///x", "redirect (HTTP 302) to a location that is not a URL not followed; configure the final URL")]
    public async Task A_geocoder_answering_a_client_error_or_a_redirect_opens_the_breaker_after_five_attempts(int status, string? location, string reason)
    {
        await using var wrong = await LoopbackServer.StartAsync(location is null ? Respond.Status(status) : Respond.Redirect(location, status));
        var logs = new FakeLogCollector();
        var url = wrong.Url("geocodage/reverse").ToString();

        var (snapshot, error, _) = await Faults.TakeAsync(GeocoderFaultTests.GeocoderSettings(url, ("Stations", "all")), logs);

        Assert.Null(error);
        Assert.Equal((84, 5), (snapshot!.UnresolvedCodes.Count, wrong.RequestCount));
        var warning = Assert.Single(logs.Warnings(), w => w.Contains("without postcode", StringComparison.Ordinal));
        Assert.StartsWith($"84 station(s) without postcode (reverse geocoding failed: {url}: {reason})", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_geocoder_that_times_out_opens_the_breaker_after_five_attempts_not_two_per_station()
    {
        await using var silent = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.GeocoderCreteilAnswer)));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var logs = new FakeLogCollector();
        var url = silent.Url("geocodage/reverse").ToString();
        var settings = GeocoderFaultTests.GeocoderSettings(url, ("Stations", "all"), ("FeedTimeout", "00:00:00.300"));

        var (snapshot, error, _) = await Faults.TakeAsync(settings, logs, clock, Faults.TimeOutEachRequest(silent, clock, TimeSpan.FromSeconds(0.3)));

        Assert.Null(error);
        Assert.Equal(84, snapshot!.UnresolvedCodes.Count);
        Assert.Equal(5, silent.RequestCount);
        Assert.StartsWith($"84 station(s) without postcode (reverse geocoding failed: {url}: no answer within 0.3 s (after 1 retries))", Assert.Single(logs.Warnings()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_never_answered_fails_at_once_even_when_the_other_documents_host_has()
    {
        // Whether a refused connection is retried is decided per host: before this fix, by whichever feed answered first.
        await using var healthy = await Faults.HealthyAsync(FeedKind.Status);
        using var refused = new RefusedPort();

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.FeedSettings(healthy.Url("station_status.json").ToString(), refused.Url("station_information.json")));

        Assert.Null(snapshot);
        var unreachable = Assert.IsType<Velib.Core.Feeds.FeedUnreachableException>(error);
        Assert.EndsWith("(not retried: no answer from this host yet)", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_format_error_names_a_feed_url_without_its_credentials_or_query()
    {
        await using var portal = await LoopbackServer.StartAsync(Respond.Text("<html>Maintenance</html>"));
        var url = $"http://reader:s3cret@127.0.0.1:{portal.BaseUri.Port}/station_status.json?apikey=t0ken";

        var (code, stdout, stderr) = await VelibInProcess.RunAsync(["run", "--status", url, "--information", Fixture.InformationPath, "--geocoder", "off"]);

        Assert.Equal((1, ""), (code, stdout));
        Assert.StartsWith($"velib: http://127.0.0.1:{portal.BaseUri.Port}/station_status.json: malformed JSON", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", stderr, StringComparison.Ordinal);
    }

    /// <summary>The document indented, with CRLF line ends and blanks at the ends of lines and of the file.</summary>
    private static string AsEdited(byte[] document) =>
        JsonNode.Parse(document)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings(" \r\n") + "\r\n\t \r\n";
}
