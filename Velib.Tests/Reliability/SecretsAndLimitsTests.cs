using System.IO.Pipes;
using Microsoft.Extensions.Logging.Testing;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// No password or token of a configured URL reaches a log line, an exception message or the CLI's stderr; redirects
/// are refused; every size has an explicit limit.
/// </summary>
[Collection(NetworkTests.Name)]
public class SecretsAndLimitsTests
{
    private const string Password = "s3cret";
    private const string Token = "t0ken-42";

    [Theory]
    [InlineData("https://user:s3cret@velib.example/opendata/station_status.json", "https://velib.example/opendata/station_status.json")]
    [InlineData("https://velib.example/opendata/station_status.json?apikey=t0ken-42", "https://velib.example/opendata/station_status.json")]
    [InlineData("https://user:s3cret@velib.example:8443/a/b.json?token=t0ken-42#frag", "https://velib.example:8443/a/b.json")]
    [InlineData("http://user@127.0.0.1:5000/x", "http://127.0.0.1:5000/x")]
    [InlineData("https://data.geopf.fr/geocodage/reverse", "https://data.geopf.fr/geocodage/reverse")]
    public void Describe_keeps_scheme_host_port_and_path_only(string url, string expected) =>
        Assert.Equal(expected, FeedLocation.Describe(new Uri(url)));

    [Fact]
    public async Task A_feed_url_with_credentials_and_a_token_never_shows_them()
    {
        await using var down = await LoopbackServer.StartAsync(Respond.Status(503));
        var url = $"http://reader:{Password}@127.0.0.1:{down.BaseUri.Port}/station_status.json?apikey={Token}";
        var logs = new FakeLogCollector();

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Status, url, ("MaxRetries", "1")), logs);

        Assert.Null(snapshot);
        Assert.Equal($"http://127.0.0.1:{down.BaseUri.Port}/station_status.json: HTTP 503 ServiceUnavailable (after 1 retries)", error?.Message);
        AssertNoSecret(error!.ToString());
        AssertNoSecret(logs.Texts());
        Assert.Equal($"/station_status.json?apikey={Token}", down.Requests.First());
    }

    [Fact]
    public async Task A_refused_connection_to_a_url_with_credentials_never_shows_them()
    {
        using var refused = new RefusedPort();
        var port = refused.Port;
        var url = $"http://reader:{Password}@127.0.0.1:{port}/station_information.json?token={Token}";

        var (_, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Information, url, ("MaxRetries", "0")));

        Assert.StartsWith($"http://127.0.0.1:{port}/station_information.json: Connection refused", error?.Message, StringComparison.Ordinal);
        AssertNoSecret(error!.Message);
    }

    [Fact]
    public async Task A_redirect_whose_target_carries_secrets_is_refused_without_showing_them()
    {
        await using var elsewhere = await LoopbackServer.StartAsync(Respond.Json(Fixture.Status));
        await using var redirecting = await LoopbackServer.StartAsync(
            Respond.Redirect($"http://reader:{Password}@localhost:{elsewhere.BaseUri.Port}/station_status.json?token={Token}"));

        var (snapshot, error, _) = await Faults.TakeAsync(Faults.OneFaultyFeed(FeedKind.Status, redirecting.Url("station_status.json").ToString()));

        Assert.Null(snapshot);
        Assert.Contains($"to http://localhost:{elsewhere.BaseUri.Port}/station_status.json not followed", error?.Message, StringComparison.Ordinal);
        AssertNoSecret(error!.Message);
        Assert.Equal(0, elsewhere.RequestCount);
    }

    [Fact]
    public async Task The_cli_stderr_never_shows_the_credentials_of_a_feed_url()
    {
        await using var down = await LoopbackServer.StartAsync(Respond.Status(503));
        await using var information = await Faults.HealthyAsync(FeedKind.Information);
        var url = $"http://reader:{Password}@127.0.0.1:{down.BaseUri.Port}/station_status.json?apikey={Token}";

        var (exit, stdout, stderr) = await CliFaultTests.RunAsync(
            CliFaultTests.Environment, "run", "--status", url, "--information", information.Url("station_information.json").ToString(), "--geocoder", "off");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"velib: http://127.0.0.1:{down.BaseUri.Port}/station_status.json: HTTP 503 ServiceUnavailable (after 3 retries)",
            Assert.Single(CliFaultTests.Lines(stderr)));
        AssertNoSecret(stderr);
    }

    [Fact]
    public async Task A_geocoder_url_with_credentials_never_shows_them_in_the_warnings()
    {
        await using var down = await LoopbackServer.StartAsync(Respond.Status(503));
        var url = $"http://reader:{Password}@127.0.0.1:{down.BaseUri.Port}/geocodage/reverse";
        var logs = new FakeLogCollector();

        var (snapshot, error, _) = await Faults.TakeAsync(GeocoderFaultTests.GeocoderSettings(url), logs);

        Assert.Null(error);
        Assert.Equal(["40001"], snapshot!.UnresolvedCodes);
        Assert.Contains(logs.Warnings(), w => w.Contains($"http://127.0.0.1:{down.BaseUri.Port}/geocodage/reverse: HTTP 503", StringComparison.Ordinal));
        AssertNoSecret(logs.Texts());
    }

    [Fact]
    public void The_limits_are_explicit_and_documented_defaults()
    {
        var defaults = new VelibOptions();

        Assert.Equal(16 * 1024 * 1024, FeedReader.MaxBytes);
        Assert.Equal(64 * 1024, StationRecordReader.MaxBytes);
        Assert.Equal(256 * 1024, HttpPipelines.GeocoderMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.FeedTimeout);
        Assert.Equal(3, defaults.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), HttpPipelines.MaxRetryAfter);
    }

    /// <summary>
    /// A file's length (of the file a link leads to, as with <c>/dev/stdin &lt; file</c>) is checked before it is read;
    /// a pipe's (<c>--status &lt;(curl …)</c>) is counted as it is read.
    /// </summary>
    [Theory]
    [InlineData("file", 0, null)]
    [InlineData("file", 1, "16777217 bytes is over the 16777216-byte limit")]
    [InlineData("link", 0, null)]
    [InlineData("link", 1, "16777217 bytes is over the 16777216-byte limit")]
    [InlineData("pipe", 0, null)]
    [InlineData("pipe", 1, "over the 16777216-byte limit")]
    public async Task A_local_feed_file_or_pipe_is_read_up_to_the_cap_and_refused_past_it(string source, int over, string? refusal)
    {
        // The real status document, padded with spaces to the cap or one byte past it.
        var document = Faults.OverCap(FeedKind.Status)[..(FeedReader.MaxBytes + over)];
        var big = Path.Combine(Path.GetTempPath(), $"velib-{Guid.NewGuid():N}.json");
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        var writing = Task.CompletedTask;
        if (source == "pipe")
        {
            // The read end, opened again by its path as a shell's <(…) is.
            big = $"/proc/self/fd/{writer.GetClientHandleAsString()}";
            writing = Task.Run(() => WriteAndCloseAsync(writer, document));
        }
        else
        {
            await File.WriteAllBytesAsync(big, document);
        }

        var link = big + ".link";
        if (source == "link")
        {
            File.CreateSymbolicLink(link, big);
        }

        try
        {
            var settings = Pipeline.RecordedSettings();
            var location = source == "link" ? link : big;
            settings["Velib:StatusLocation"] = location;

            var (snapshot, error, _) = await Faults.TakeAsync(settings).WaitAsync(RealTime.HangLimit);
            writer.DisposeLocalCopyOfClientHandle(); // the pipe's last read end: a write still waiting for a reader now fails
            await writing.WaitAsync(RealTime.HangLimit);

            Assert.Equal(refusal is null ? null : $"{location}: {refusal}", error?.Message);
            Assert.Equal(refusal is null ? 2 : 0, snapshot?.Messages.Count ?? 0);
        }
        finally
        {
            if (source != "pipe")
            {
                File.Delete(link);
                File.Delete(big);
            }
        }
    }

    [Fact]
    public async Task A_file_shorter_than_its_stated_length_is_read_as_it_is()
    {
        // Files of /sys state 4,096 bytes and hold a line: read at the stated length, it was "Unable to read beyond the end of the stream".
        const string Sysfs = "/sys/class/net/lo/address";
        Assert.True(File.Exists(Sysfs), $"{Sysfs} is missing: the tests run on Linux with /sys mounted");
        var settings = Pipeline.RecordedSettings();
        settings["Velib:StatusLocation"] = Sysfs;

        var (_, error, _) = await Faults.TakeAsync(settings);

        // Its line (00:00:00:00:00:00), read and parsed: not JSON from its second byte.
        Assert.Equal($"{Sysfs}: malformed JSON at line 1, byte 2: Invalid leading zero before '0'.", error?.Message);
    }

    // Refused past the cap, the reader may close before the last write is taken: that write fails, as a shell's would.
    private static async Task WriteAndCloseAsync(Stream pipe, byte[] bytes)
    {
        try
        {
            await pipe.WriteAsync(bytes);
        }
        catch (IOException)
        {
        }
        finally
        {
            await pipe.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_feed_read_from_a_device_or_a_pipe_is_held_to_the_cap_as_it_is_read()
    {
        // /dev/zero has no length to check first and no end: read whole, it would fill the memory.
        var settings = Pipeline.RecordedSettings();
        settings["Velib:StatusLocation"] = "/dev/zero";

        var (snapshot, error, _) = await Faults.TakeAsync(settings);

        Assert.Null(snapshot);
        Assert.Equal("/dev/zero: over the 16777216-byte limit", error?.Message);
    }

    private static void AssertNoSecret(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            AssertNoSecret(text);
        }
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("reader:", text, StringComparison.Ordinal);
    }
}
