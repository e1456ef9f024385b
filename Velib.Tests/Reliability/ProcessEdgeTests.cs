using System.Diagnostics;
using System.Text.Json.Nodes;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// <c>velib</c> as a process, at the edges only a process has: SIGINT and SIGTERM whatever it is doing, a reader of
/// stdout that goes away, a stderr that cannot be written. Every step waits on what the process printed or did, never
/// on the clock; <see cref="RealTime.HangLimit"/> only stops a test that would hang.
/// </summary>
[Collection(NetworkTests.Name)]
public class ProcessEdgeTests
{
    private static readonly string[] Recorded = ["--status", Fixture.StatusPath, "--information", Fixture.InformationPath, "--geocoder", "off"];

    [Theory]
    [InlineData("INT", 130, "velib: interrupted (SIGINT)")]
    [InlineData("TERM", 143, "velib: terminated (SIGTERM)")]
    public async Task A_signal_ends_aggregate_waiting_on_stdin_and_the_batch_printed_stays_whole(string signal, int exitCode, string line)
    {
        var batch = await RecordedBatchAsync();
        using var velib = VelibProcess.Start(["aggregate"]);
        await velib.Stdin.WriteAsync(batch);
        await velib.Stdin.FlushAsync();
        Assert.Equal(["75016", "93200"], await ReadGroupAsync(velib)); // printed: it now waits on stdin, held open

        await velib.SignalAsync(signal);

        Assert.Equal(exitCode, await velib.ExitAsync());
        Assert.Equal("", await velib.Stdout.ReadToEndAsync());
        Assert.Equal([line], Lines(await velib.Stderr.ReadToEndAsync()));
    }

    /// <summary>
    /// A signal ends velib while a write to its stderr is stuck, the pipe full and nobody reading it (<c>2&gt;&amp;1 | less</c>):
    /// its last line waited on that write, and the exit with it, for as long as the reader did.
    /// </summary>
    [Fact]
    public async Task A_signal_ends_velib_while_its_stderr_is_a_full_pipe_nobody_reads()
    {
        using var velib = VelibProcess.Start(["aggregate"]);

        // One warning a batch, about 90 bytes each: more than a pipe holds. Stderr is not read; stdin stays open.
        await velib.Stdin.WriteAsync(string.Concat(Enumerable.Repeat("x\n\n", 3_000)));
        await velib.Stdin.FlushAsync();
        await RealTime.WaitUntilAsync(() => WritingToAFullPipe(velib.Id));
        await velib.SignalAsync("TERM");

        Assert.Equal(143, await velib.ExitAsync());
    }

    // A thread asleep in the kernel's pipe write ("pipe_write", "anon_pipe_write" in later kernels): the pipe is full.
    private static bool WritingToAFullPipe(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Any(task =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "wchan")).EndsWith("pipe_write", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // a thread that ended meanwhile
        }
    });

    [Fact]
    public async Task Ctrl_C_ends_a_long_repeat()
    {
        using var velib = VelibProcess.Start(["run", "--repeat", "100000000", .. Recorded], new Dictionary<string, string> { ["VELIB_TRACE_STARTUP"] = "1" });
        while (await VelibProcess.ReadLineAsync(velib.Stderr) is { } trace && !trace.Contains("startup: services: options validated", StringComparison.Ordinal))
        {
        }

        await velib.SignalAsync("INT");

        Assert.Equal(130, await velib.ExitAsync());
        Assert.Equal("", await velib.Stdout.ReadToEndAsync());
        Assert.Equal(["velib: interrupted (SIGINT)"], Lines(await velib.Stderr.ReadToEndAsync()).Where(l => !l.StartsWith("velib: startup:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ctrl_C_ends_a_fetch_that_waits_on_a_server()
    {
        await using var silent = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Status(200)));
        using var velib = VelibProcess.Start(
            ["run", "--status", silent.Url("station_status.json").ToString(), "--information", Fixture.InformationPath, "--geocoder", "off"],
            new Dictionary<string, string> { ["Velib__FeedTimeout"] = "00:05:00" });
        await RealTime.WaitUntilAsync(() => silent.RequestCount > 0);

        await velib.SignalAsync("INT");

        Assert.Equal(130, await velib.ExitAsync());
        Assert.Equal("", await velib.Stdout.ReadToEndAsync());
        Assert.Equal(["velib: interrupted (SIGINT)"], Lines(await velib.Stderr.ReadToEndAsync()));
    }

    [Fact]
    public async Task When_the_reader_of_stdout_goes_away_aggregate_stops_at_its_next_batch_quietly()
    {
        const int Batches = 100_000;
        var batch = await RecordedBatchAsync();
        using var velib = VelibProcess.Start(["aggregate"]);
        await velib.Stdin.WriteAsync(batch);
        await velib.Stdin.FlushAsync();
        Assert.NotNull(await VelibProcess.ReadLineAsync(velib.Stdout));
        velib.Stdout.Close(); // as `| head -1` does after its line

        var written = 1;
        try
        {
            for (; written < Batches; written++)
            {
                await velib.Stdin.WriteAsync(batch);
                await velib.Stdin.FlushAsync();
            }
        }
        catch (IOException)
        {
            // velib has gone: its stdin is closed
        }

        Assert.Equal(141, await velib.ExitAsync());
        Assert.True(written < Batches, $"velib read all {Batches} batches after its reader went away");
        Assert.Equal("", await velib.Stderr.ReadToEndAsync());
    }

    [Theory]
    [InlineData("2>/dev/full")]
    [InlineData("2>&-")]
    public async Task An_unwritable_stderr_loses_the_warnings_and_nothing_else(string redirection)
    {
        // 99999 is not in the feed: a warning that cannot be written.
        using var velib = VelibProcess.StartRedirected(redirection, ["run", "--stations", "16107,32017,99999", .. Recorded]);

        var stdout = await velib.Stdout.ReadToEndAsync();

        Assert.Equal(0, await velib.ExitAsync());
        Assert.Equal(["75016", "93200"], Lines(stdout).Select(l => (string?)JsonNode.Parse(l)!["postcode"]));
    }

    [Fact]
    public async Task Aggregate_started_without_stdin_says_so_rather_than_wait()
    {
        using var velib = VelibProcess.StartRedirected("<&-", ["aggregate"]);

        var stderr = await velib.Stderr.ReadToEndAsync().WaitAsync(RealTime.HangLimit);

        Assert.Equal(1, await velib.ExitAsync());
        Assert.Equal(["velib: stdin: Bad file descriptor"], Lines(stderr));
    }

    [Theory]
    [InlineData("aggregate", "--input", "/dev/stdin")]
    [InlineData("aggregate", "--input", "/dev/fd/0")]
    [InlineData("run", "--status", "/dev/stdin")]
    [InlineData("run", "--postcodes", "/proc/self/fd/0")]
    public async Task Stdin_named_by_its_path_when_there_is_none_says_so_rather_than_wait(string command, string option, string path)
    {
        // The runtime's own pipe is at descriptor 0: a read of it waited forever (a native velib read the runtime's file).
        string[] args = (command, option) switch
        {
            ("aggregate", _) => [command, option, path],
            (_, "--status") => [command, option, path, "--information", Fixture.InformationPath, "--geocoder", "off"],
            _ => [command, option, path, .. Recorded],
        };
        using var velib = VelibProcess.StartRedirected("<&-", args);

        var stderr = await velib.Stderr.ReadToEndAsync().WaitAsync(RealTime.HangLimit);

        Assert.Equal(1, await velib.ExitAsync());
        Assert.Equal([$"velib: {path}: Bad file descriptor (stdin is closed)"], Lines(stderr));
    }

    [Theory]
    [InlineData("/dev/stdin")]
    [InlineData("/dev/fd/0")]
    public async Task One_pipe_given_for_both_documents_is_a_usage_error_naming_both_options(string path)
    {
        // One of them read it all and the other failed on an "empty body", naming neither option.
        using var velib = VelibProcess.Start(["run", "--status", path, "--information", path, "--geocoder", "off"]);

        var stderr = await velib.Stderr.ReadToEndAsync().WaitAsync(RealTime.HangLimit);

        Assert.Equal(2, await velib.ExitAsync());
        Assert.Equal([$"velib: --status and --information are both '{path}', a stream read once: each document needs its own", "velib: try 'velib --help'"], Lines(stderr));
    }

    [Fact]
    public async Task A_file_given_as_stdin_for_both_documents_is_read_by_each_and_named_as_swapped()
    {
        // /dev/stdin opens the file afresh each time: both read all of it, and the information document is a status one.
        using var velib = VelibProcess.StartRedirected($"< {VelibProcess.Quoted(Fixture.StatusPath)}", ["run", "--status", "/dev/stdin", "--information", "/dev/stdin", "--geocoder", "off"]);

        var stderr = await velib.Stderr.ReadToEndAsync().WaitAsync(RealTime.HangLimit);

        Assert.Equal(1, await velib.ExitAsync());
        Assert.Equal(["velib: /dev/stdin: this is a station_status.json document, not station_information.json (its entries have 'num_bikes_available', none has 'lat'): were the two documents swapped?"], Lines(stderr));
    }

    [Fact]
    public async Task A_libc_beside_velib_is_never_loaded_in_place_of_the_system_s()
    {
        // Unpacked beside someone's libc.so (in ~/Downloads), velib loaded it and ran its code. The dynamic loader
        // stands in for a planted one: it loads, and has no fcntl (velib died of an EntryPointNotFoundException).
        var loader = new[] { "/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1" }.First(File.Exists);
        var copy = Directory.CreateTempSubdirectory("velib-planted-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(VelibProcess.VelibDll)!))
            {
                File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            }

            File.Copy(loader, Path.Combine(copy.FullName, "libc.so"));
            using var velib = VelibProcess.StartRedirected("<&-", ["aggregate"], Path.Combine(copy.FullName, "velib.dll"));

            var stderr = await velib.Stderr.ReadToEndAsync().WaitAsync(RealTime.HangLimit);

            Assert.Equal(1, await velib.ExitAsync());
            Assert.Equal(["velib: stdin: Bad file descriptor"], Lines(stderr));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Output_is_the_same_in_any_culture_even_with_globalization_turned_back_on()
    {
        // DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 (Alpine's .NET images) undoes the invariant build: under sv_SE the
        // rejected count read "(−3)", its minus U+2212.
        var status = JsonNode.Parse(File.ReadAllText(Fixture.StatusPath))!;
        status["data"]!["stations"]!.AsArray().Single(s => (string?)s!["stationCode"] == "16107")!["num_bikes_available"] = -3;
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, status.ToJsonString());
            var swedish = new Dictionary<string, string> { ["LANG"] = "sv_SE.UTF-8", ["LC_ALL"] = "sv_SE.UTF-8", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0" };
            using var velib = VelibProcess.Start(["run", "--status", path, "--information", Fixture.InformationPath, "--geocoder", "off"], swedish);
            velib.Stdin.Close();

            var (stdout, stderr) = (velib.Stdout.ReadToEndAsync(), velib.Stderr.ReadToEndAsync());

            Assert.Equal(0, await velib.ExitAsync());
            Assert.Equal(["93200"], Lines(await stdout.WaitAsync(RealTime.HangLimit)).Select(l => (string?)JsonNode.Parse(l)!["postcode"]));
            Assert.Equal("velib: warning: Station 16107 rejected: num_bikes_available is negative (-3)", Lines(await stderr.WaitAsync(RealTime.HangLimit))[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Help_in_a_terminal_of_three_columns_is_wrapped_at_forty()
    {
        // The library wraps help to the terminal: at 3 columns it threw ArgumentOutOfRangeException; at 2 it wrote
        // without end, at 4 and 5 it spun. script(1) gives velib a terminal of its own.
        var start = new ProcessStartInfo("script", ["-qec", $"stty cols 3 rows 40; exec dotnet {VelibProcess.Quoted(VelibProcess.VelibDll)} --help", "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var script = Process.Start(start)!;
        script.StandardInput.Close();

        var output = await script.StandardOutput.ReadToEndAsync().WaitAsync(RealTime.HangLimit);
        await script.WaitForExitAsync().WaitAsync(RealTime.HangLimit);

        Assert.Equal(0, script.ExitCode);
        Assert.Contains("  velib: the Vélib' Métropole pipeline \r\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregate_reading_a_directory_as_stdin_names_stdin()
    {
        using var velib = VelibProcess.StartRedirected($"< {VelibProcess.Quoted(Fixture.Dir)}", ["aggregate"]);

        var stderr = await velib.Stderr.ReadToEndAsync().WaitAsync(RealTime.HangLimit);

        Assert.Equal(1, await velib.ExitAsync());
        Assert.Equal(["velib: stdin: Is a directory"], Lines(stderr));
    }

    [Fact]
    public async Task Stdout_and_stderr_into_one_file_keep_every_line()
    {
        var output = Path.GetTempFileName();
        try
        {
            using var velib = VelibProcess.StartRedirected($"> {VelibProcess.Quoted(output)} 2>&1", ["run", "--stations", "16107,32017,99999", .. Recorded]);
            Assert.Equal(0, await velib.ExitAsync());

            var lines = Lines(await File.ReadAllTextAsync(output));
            Assert.Equal(["75016", "93200"], lines.Where(l => l.StartsWith('{')).Select(l => (string?)JsonNode.Parse(l)!["postcode"]));
            Assert.Equal(
                ["velib: warning: 1 configured station(s) absent from the feed: 99999", "velib: tick 2025-10-18T09:09:16Z: 2 stations published, 1 missing from the feed, 0 rejected, 0 without postcode, 0 feed problems"],
                lines.Where(l => l.StartsWith("velib: ", StringComparison.Ordinal)).Take(2));
            Assert.Equal(5, lines.Length);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData(">/dev/full", "run", "velib: stdout: No space left on device")]
    [InlineData(">&-", "run", "velib: stdout: Bad file descriptor")]
    [InlineData("<&- >&-", "run", "velib: stdout: Bad file descriptor")] // the runtime's pipe took both: the totals vanished, exit 0
    [InlineData("<&- >&-", "map", "velib: stdout: Bad file descriptor")]
    [InlineData(">/dev/full", "--help", "velib: stdout: No space left on device")] // the help, written last, as the process ends
    public async Task A_stdout_that_cannot_be_written_is_an_error_not_a_closed_pipe(string redirection, string command, string line)
    {
        using var velib = VelibProcess.StartRedirected(redirection, command is "run" or "map" ? [command, .. Recorded] : [command]);

        var stderr = await velib.Stderr.ReadToEndAsync();

        Assert.Equal(1, await velib.ExitAsync());
        Assert.Equal(line, Lines(stderr)[^1]);
    }

    [Fact]
    public async Task The_help_reaches_a_pipe_whole()
    {
        using var velib = VelibProcess.Start(["--help"]);
        velib.Stdin.Close();

        var stdout = await velib.Stdout.ReadToEndAsync();

        Assert.Equal(0, await velib.ExitAsync());
        Assert.StartsWith("Description:", stdout.TrimStart(), StringComparison.Ordinal);
        Assert.Equal(["snapshot", "aggregate", "run", "map"], Lines(stdout).SkipWhile(l => l != "Commands:").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
    }

    [Fact]
    public async Task Instants_without_an_offset_are_read_as_UTC_whatever_the_machine_s_time_zone()
    {
        // The time zone is read once per process: a child in Paris (UTC+2 in October) shows it.
        var batch = (await RecordedBatchAsync()).Replace("Z\"", "\"", StringComparison.Ordinal);
        using var velib = VelibProcess.Start(["aggregate"], new Dictionary<string, string> { ["TZ"] = "Europe/Paris" });
        await velib.Stdin.WriteAsync(batch);
        velib.Stdin.Close();

        var totals = Lines(await velib.Stdout.ReadToEndAsync()).Select(line => JsonNode.Parse(line)!).ToList();

        Assert.Equal(0, await velib.ExitAsync());
        Assert.Equal(["75016", "93200"], totals.Select(t => (string?)t["postcode"]));
        Assert.All(totals, t => Assert.Equal("2025-10-18T09:09:16Z", (string?)t["tick"]));
        Assert.Equal(["2025-10-18T08:31:34Z", "2025-10-18T08:33:06Z"], totals.Select(t => (string?)t["asOf"]));
    }

    /// <summary>
    /// A lastReported is the record's whatever the machine's time zone. Without an offset it was read in that zone first,
    /// so at an end of the range it fell outside it (the record rejected there alone); with one, taken as local time,
    /// it was four hours off in New York.
    /// </summary>
    [Theory]
    [InlineData("Europe/Paris", "0001-01-01T00:00:00", "0001-01-01T00:00:00Z")]
    [InlineData("America/New_York", "9999-12-31T23:59:59", "9999-12-31T23:59:59Z")]
    [InlineData("America/New_York", "2025-10-18T10:31:34+02:00", "2025-10-18T08:31:34Z")]
    public async Task A_last_reported_instant_is_the_record_s_whatever_the_machine_s_time_zone(string timeZone, string lastReported, string asOf)
    {
        var batch = (await RecordedBatchAsync()).Replace("\"2025-10-18T08:31:34Z\"", $"\"{lastReported}\"", StringComparison.Ordinal);
        using var velib = VelibProcess.Start(["aggregate"], new Dictionary<string, string> { ["TZ"] = timeZone });
        await velib.Stdin.WriteAsync(batch);
        velib.Stdin.Close();

        var totals = Lines(await velib.Stdout.ReadToEndAsync()).Select(line => JsonNode.Parse(line)!).ToList();

        Assert.Equal(0, await velib.ExitAsync());
        Assert.Equal(["75016", "93200"], totals.Select(t => (string?)t["postcode"]));
        Assert.Equal([asOf, "2025-10-18T08:33:06Z"], totals.Select(t => (string?)t["asOf"]));
    }

    /// <summary>The station messages of the recorded 16107 and 32017, then the empty line that ends a batch.</summary>
    private static async Task<string> RecordedBatchAsync()
    {
        var (code, snapshot, _) = await CliTests.Velib(["snapshot", .. Recorded]);
        Assert.Equal(0, code);
        return snapshot.ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>The postcodes of the next group of totals: lines up to the empty one.</summary>
    private static async Task<List<string?>> ReadGroupAsync(VelibProcess velib)
    {
        var postcodes = new List<string?>();
        while (await VelibProcess.ReadLineAsync(velib.Stdout) is { Length: > 0 } line)
        {
            postcodes.Add((string?)JsonNode.Parse(line)!["postcode"]);
        }

        return postcodes;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
