using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Velib.Cli;
using Velib.Cli.Commands;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary><c>velib</c> end to end on the recorded feeds: output, warnings and exit codes.</summary>
public class CliTests
{
    private static readonly string[] Recorded = ["--status", Fixture.StatusPath, "--information", Fixture.InformationPath, "--geocoder", "off"];

    [Fact]
    public async Task Run_prints_the_totals_of_75016_and_93200()
    {
        var (code, stdout, stderr) = await Velib(["run", .. Recorded]);

        Assert.Equal(0, code);
        var totals = Lines(stdout);
        Assert.Equal(2, totals.Count);
        Assert.Equal(("75016", 5, 1, 4), Totals(totals[0]));
        Assert.Equal(("93200", 9, 4, 5), Totals(totals[1]));
        Assert.Equal("Saint-Denis", (string?)totals[1]["city"]);
        Assert.Equal(
            ["velib: tick 2025-10-18T09:09:16Z: 2 stations published, 0 missing from the feed, 0 rejected, 0 without postcode, 0 feed problems",
             "velib: 2 postcode totals published, 0 held incomplete, 0 dropped, 0 late records ignored, 0 records rejected, 0 stations without postcode"],
            stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("2025-10-18T09:09:16Z", (string?)totals[0]["tick"]);
        Assert.All(totals, t => Assert.True((bool)t["complete"]!));
    }

    [Fact]
    public async Task Run_on_all_stations_totals_the_bikes_of_every_station_with_a_postcode()
    {
        var (code, stdout, stderr) = await Velib(["run", "--stations", "all", .. Recorded]);

        Assert.Equal(0, code);
        var totals = Lines(stdout);
        Assert.Equal(17418, totals.Sum(t => (int)t["totalBikes"]!));
        Assert.Equal(totals.Count, totals.Select(t => (string?)t["postcode"]).Distinct().Count());
        Assert.Contains("84 stations without postcode", stderr, StringComparison.Ordinal);
        // Each unresolved station is named once, in one line per cause.
        var unresolved = stderr.Split('\n').Where(l => l.Contains("without postcode (", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, unresolved.Count);
        Assert.StartsWith("velib: warning: 82 station(s) without postcode (not in the postcode table, and reverse geocoding is off), not summed into any postcode: ", unresolved[0], StringComparison.Ordinal);
        Assert.Equal("velib: warning: 2 station(s) without postcode (in the postcode table without a postcode, and reverse geocoding is off), not summed into any postcode: 11025, 18008", unresolved[1]);
        Assert.Equal(84, unresolved.SelectMany(l => l.Split(": ")[^1].Split(", ")).Distinct().Count());
        Assert.Single(stderr.Split('\n'), l => l.Contains("40001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_prints_one_station_message_per_line()
    {
        var (code, stdout, _) = await Velib(["snapshot", "--stations", "32017", .. Recorded]);

        Assert.Equal(0, code);
        var message = Assert.Single(Lines(stdout));
        Assert.Equal(("32017", "Basilique", "93200", 9), ((string?)message["stationCode"], (string?)message["name"], (string?)message["postcode"], (int)message["bikesAvailable"]!));
        Assert.Null(message["Value"]);
    }

    [Fact]
    public async Task Snapshot_reports_a_configured_station_absent_from_the_feed()
    {
        var (code, stdout, stderr) = await Velib(["snapshot", "--stations", "16107,99999", .. Recorded]);

        Assert.Equal(0, code);
        Assert.Single(Lines(stdout));
        Assert.Contains("velib: warning: 1 configured station(s) absent from the feed: 99999", stderr, StringComparison.Ordinal);
        Assert.Contains("1 missing from the feed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_output_piped_into_aggregate_gives_the_run_totals()
    {
        var (_, snapshot, _) = await Velib(["snapshot", .. Recorded]);

        var (code, stdout, _) = await Velib(["aggregate"], stdin: snapshot);

        Assert.Equal(0, code);
        Assert.Equal([("75016", 5, 1, 4), ("93200", 9, 4, 5)], Lines(stdout).Select(Totals));
    }

    [Fact]
    public async Task Aggregate_reports_each_bad_line_with_its_number_and_goes_on()
    {
        var (_, snapshot, _) = await Velib(["snapshot", .. Recorded]);
        var good = snapshot.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(input, [good[0], "{broken", "", """{"schemaVersion":9}""", good[1]]);

            var (code, stdout, stderr) = await Velib(["aggregate", "--input", input]);

            Assert.Equal(0, code);
            Assert.Equal([["75016"], ["93200"]], Groups(stdout).Select(g => g.Select(t => (string?)t["postcode"])));
            var warnings = stderr.Split('\n').Where(l => l.StartsWith("velib: warning:", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith("velib: warning: Record at line 2 rejected: not JSON", warnings[0], StringComparison.Ordinal);
            Assert.Equal("velib: warning: Record at line 4 rejected: unknown schema version 9 (this consumer reads 1)", warnings[1].TrimEnd());
            Assert.Contains("velib: 2 batches: 2 postcode totals published, 0 held incomplete at the end, 0 dropped, 0 late records ignored, 2 records rejected, 0 stations without postcode", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>Totals fed back, or a feed document: every line is rejected, which is the input's fault, said once.</summary>
    [Fact]
    public async Task Aggregate_of_an_input_whose_every_line_is_rejected_exits_1_with_one_line_per_reason()
    {
        var (_, totals, _) = await Velib(["run", "--stations", "all", .. Recorded]);

        var (fed, fedOut, fedErr) = await Velib(["aggregate"], totals);
        var (feed, _, feedErr) = await Velib(["aggregate", "--input", Fixture.StatusPath]);

        Assert.Equal((1, 1), (fed, feed));
        Assert.Equal("\n", fedOut.ReplaceLineEndings("\n"));
        var fedLines = fedErr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, fedLines.Length);
        Assert.StartsWith("velib: warning: 85 records rejected, at line 1; line 2;", fedLines[0], StringComparison.Ordinal);
        Assert.EndsWith(" and 75 more: not a station message: a postcode total (of velib-projet-final-data)", fedLines[0], StringComparison.Ordinal);
        Assert.Equal("velib: stdin: every line was rejected (85), nothing aggregated; aggregate reads what 'velib snapshot' prints, one message per line", fedLines[2]);
        Assert.EndsWith($"velib: {Fixture.StatusPath}: every line was rejected (1), nothing aggregated; aggregate reads what 'velib snapshot' prints, one message per line", feedErr.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregate_skips_a_line_over_the_record_limit_with_its_number_and_reads_files_as_editors_save_them()
    {
        // A byte order mark, CRLF line ends, and between the two real messages a line of 1 MiB, over the 64 KiB limit.
        var (_, snapshot, _) = await Velib(["snapshot", .. Recorded]);
        var good = snapshot.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var input = "\uFEFF" + good[0] + "\r\n" + new string('x', 1024 * 1024) + "\r\n" + good[1] + "\r\n";

        var (code, stdout, stderr) = await Velib(["aggregate"], input);

        Assert.Equal(0, code);
        Assert.Equal([["75016", "93200"]], Groups(stdout).Select(g => g.Select(t => (string?)t["postcode"])));
        Assert.Equal(
            ["velib: warning: Record at line 2 rejected: record of 1048576 bytes is over the 65536-byte limit", "velib: 1 batches: 2 postcode totals published, 0 held incomplete at the end, 0 dropped, 0 late records ignored, 1 records rejected, 0 stations without postcode"],
            stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Lines over the record limit are rejected as other records are: one warning per reason and batch (it was one per line).</summary>
    [Fact]
    public async Task Aggregate_warns_once_per_reason_and_batch_of_its_lines_over_the_record_limit()
    {
        var (_, snapshot, _) = await Velib(["snapshot", .. Recorded]);
        var good = snapshot.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var over = new string('x', 70_000);
        var input = string.Join('\n', [good[0], .. Enumerable.Repeat(over, 12), new string('x', 100_000), good[1], "", over]) + "\n";

        var (code, stdout, stderr) = await Velib(["aggregate"], input);

        Assert.Equal(0, code);
        Assert.Equal([["75016", "93200"], []], Groups(stdout).Select(g => g.Select(t => (string?)t["postcode"])));
        Assert.Equal(
            ["velib: warning: 12 records rejected, at line 2; line 3; line 4; line 5; line 6; line 7; line 8; line 9; line 10; line 11 and 2 more: record of 70000 bytes is over the 65536-byte limit",
             "velib: warning: Record at line 14 rejected: record of 100000 bytes is over the 65536-byte limit",
             "velib: warning: Record at line 17 rejected: record of 70000 bytes is over the 65536-byte limit",
             "velib: 2 batches: 2 postcode totals published, 0 held incomplete at the end, 0 dropped, 0 late records ignored, 14 records rejected, 0 stations without postcode"],
            stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Aggregate_takes_batches_and_prints_one_group_of_complete_totals_per_batch()
    {
        // The real `all` snapshot cut inside 10 postcodes (after its 371st message), then the second batch redelivered.
        var (_, snapshot, _) = await Velib(["snapshot", "--stations", "all", .. Recorded]);
        var (_, run, _) = await Velib(["run", "--stations", "all", .. Recorded]);
        var messages = snapshot.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var input = string.Join('\n', [.. messages[..371], "", .. messages[371..], "", .. messages[371..]]) + "\n";

        var (code, stdout, stderr) = await Velib(["aggregate"], stdin: input);

        Assert.Equal(0, code);
        var groups = stdout.Split(Environment.NewLine + Environment.NewLine);
        Assert.Equal(4, groups.Length); // three groups, each ended by an empty line
        Assert.Equal("", groups[3]);
        var first = groups[0].Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var second = groups[1].Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var redelivered = groups[2].Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        // Together the first two groups are exactly the one-batch totals of `run`, line for line; nothing partial.
        Assert.Equal(run.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), first.Concat(second).Order(StringComparer.Ordinal));
        Assert.All(first.Concat(second), l => Assert.Contains("\"complete\":true", l, StringComparison.Ordinal));
        Assert.Contains(second, l => l.Contains("\"postcode\":\"75015\"", StringComparison.Ordinal) && l.Contains("\"totalBikes\":1795", StringComparison.Ordinal) && l.Contains("\"stationCount\":88", StringComparison.Ordinal));
        Assert.DoesNotContain(first, l => l.Contains("\"postcode\":\"75015\"", StringComparison.Ordinal));

        // The redelivered batch republishes, identical, the totals of the postcodes it holds stations of.
        var inSecondBatch = messages[371..].Select(m => (string?)JsonNode.Parse(m)!["postcode"]).OfType<string>().ToHashSet();
        Assert.Equal(second.Length + first.Count(l => inSecondBatch.Contains((string)JsonNode.Parse(l)!["postcode"]!)), redelivered.Length);
        Assert.Subset(first.Concat(second).ToHashSet(), redelivered.ToHashSet());

        // The 84 stations without postcode are in no total, and counted once per batch they are in.
        static int Unresolved(string[] batch) => batch.Count(m => JsonNode.Parse(m)!["postcode"] is null);
        Assert.Equal(84, Unresolved(messages));
        Assert.Equal([10, 74], [Unresolved(messages[..371]), Unresolved(messages[371..])]);

        // Published: 85 postcodes, then the 82 the redelivered batch holds again; late: its 1,050 records with a postcode.
        Assert.Equal(
            "velib: 3 batches: 167 postcode totals published, 0 held incomplete at the end, 0 dropped, 1050 late records ignored, 0 records rejected, 158 stations without postcode",
            stderr.TrimEnd().Split(Environment.NewLine)[^1]);
    }

    /// <summary>The closing line's counts are summed in 64 bits: a stream read for long passes 2^31 records.</summary>
    [Fact]
    public void Aggregate_sums_its_closing_counts_past_32_bits()
    {
        var tally = new AggregateCommand.Tally();
        var batch = new TickBatchResult([], [], int.MaxValue, int.MaxValue, 3, int.MaxValue, int.MaxValue, DateTimeOffset.UnixEpoch);

        tally.Add(batch);
        tally.Add(batch);

        Assert.Equal(
            "2 batches: 0 postcode totals published, 3 held incomplete at the end, 4294967294 dropped, 4294967294 late records ignored, 4294967294 records rejected, 4294967294 stations without postcode",
            tally.Summary);
        Assert.Equal(2L * int.MaxValue, tally.Rejected);
    }

    [Fact]
    public async Task Aggregate_counts_the_ticks_it_dropped_and_those_it_still_holds_at_the_end()
    {
        // 75015's 88 stations of the real `all` snapshot: one of them at the recorded tick, all of them a minute later,
        // one of them two minutes later.
        var (_, snapshot, _) = await Velib(["snapshot", "--stations", "all", .. Recorded]);
        var stations = snapshot.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(m => JsonNode.Parse(m)!).Where(m => (string?)m["postcode"] == "75015").ToList();
        static string At(JsonNode message, int minutes)
        {
            var moved = message.DeepClone();
            moved["tick"] = UtcTimestampConverter.ToText(Fixture.StatusPublishedAt.AddMinutes(minutes));
            return moved.ToJsonString();
        }

        Assert.Equal(88, stations.Count);
        var input = string.Join('\n', [At(stations[0], 0), "", .. stations.Select(s => At(s, 1)), "", At(stations[1], 2)]) + "\n";

        var (code, stdout, stderr) = await Velib(["aggregate"], input);

        Assert.Equal(0, code);
        Assert.Equal([[], [("75015", "2025-10-18T09:10:16Z", 88)], []], Groups(stdout).Select(g => g.Select(t => ((string?)t["postcode"], (string?)t["tick"], (int)t["stationCount"]!))));
        Assert.Equal(
            ["velib: warning: Postcode 75015: incomplete tick 2025-10-18T09:09:16Z dropped, 1 of 88 stations in: tick 2025-10-18T09:10:16Z was published",
             "velib: warning: Postcode 75015: tick 2025-10-18T09:11:16Z still incomplete at the end of the input, 1 of 88 stations in: not published",
             "velib: 3 batches: 1 postcode totals published, 1 held incomplete at the end, 1 dropped, 0 late records ignored, 0 records rejected, 0 stations without postcode"],
            stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Aggregate_names_the_first_hundred_ticks_still_incomplete_and_counts_the_others()
    {
        var (_, snapshot, _) = await Velib(["snapshot", "--stations", "16107", .. Recorded]);
        var message = JsonNode.Parse(snapshot)!;
        message["stationsInPostcode"] = 2;
        var input = string.Join('\n', Enumerable.Range(0, 102).Select(i =>
        {
            var moved = message.DeepClone();
            moved["postcode"] = $"{10000 + i}";
            return moved.ToJsonString();
        })) + "\n";

        var (code, _, stderr) = await Velib(["aggregate"], input);

        var lines = stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.Equal(102, lines.Length);
        Assert.Equal("velib: warning: Postcode 10099: tick 2025-10-18T09:09:16Z still incomplete at the end of the input, 1 of 2 stations in: not published", lines[99]);
        Assert.Equal("velib: warning: 2 more ticks still incomplete at the end of the input, not named: not published", lines[100]);
    }

    [Theory]
    [InlineData("", 0, "")]
    [InlineData("A\nB\n", 1, "75016,93200,")]
    [InlineData("A\nB", 1, "75016,93200,")]
    [InlineData("A\n\nB\n", 2, "75016,,93200,")]
    [InlineData("A\n\nB\n\n", 2, "75016,,93200,")]
    [InlineData("A\n\n\nB", 3, "75016,,,93200,")]
    [InlineData("\n", 1, "")]
    [InlineData("A\n  \nB", 2, "75016,,93200,")]
    public async Task Aggregate_prints_as_many_groups_as_input_batches(string shape, int groups, string output)
    {
        // Line A: 16107 (75016), line B: 32017 (93200), the real messages; an empty (or blank) line ends a batch.
        // Output as the postcodes of its lines, joined with commas: an empty line ends each group.
        var (_, snapshot, _) = await Velib(["snapshot", .. Recorded]);
        var messages = snapshot.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var input = string.Join('\n', shape.Split('\n').Select(l => l switch { "A" => messages[0], "B" => messages[1], _ => l }));

        var (code, stdout, _) = await Velib(["aggregate"], stdin: input);

        Assert.Equal(0, code);
        var lines = stdout.Split(Environment.NewLine)[..^1];
        Assert.Equal(groups, lines.Count(l => l.Length == 0));
        Assert.Equal(output, string.Join(',', lines.Select(l => l.Length == 0 ? "" : (string)JsonNode.Parse(l)!["postcode"]!)));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("1")]
    public async Task Repeat_prints_the_result_once_the_first_pass_warnings_only_and_the_median_pass(string times)
    {
        var (code, stdout, stderr) = await Velib(["snapshot", "--repeat", times, .. Recorded, "--stations", "16107,99999"]);

        Assert.Equal(0, code);
        Assert.Equal(["16107"], Lines(stdout).Select(l => (string?)l["stationCode"]));
        Assert.Single(stderr.Split(Environment.NewLine), l => l.Contains("99999", StringComparison.Ordinal));

        // The test's clock stands still: every pass takes 0 ms on it (PassTimerTests advance one). One pass has no median.
        Assert.Equal(times == "1" ? [] : [$"velib: median of {times} passes: 0.000 ms"], stderr.Split(Environment.NewLine).Where(l => l.Contains("median", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("run --bogus", "--bogus: not an option of run ('velib run --help' lists its options)")]
    [InlineData("launch", "'launch' is not a command (snapshot, aggregate, run or map)")]
    [InlineData("", "Required command was not provided.")]
    [InlineData("run extra", "Unrecognized command or argument 'extra'.")]
    [InlineData("run --stations 16107;x", "--stations: '16107;x' is not a station code (ASCII letters, digits and '_' only)")]
    [InlineData("run --geocoder no", "--geocoder: 'no' is neither an absolute http(s) URL nor 'off'")] // it named no value and not 'off'
    [InlineData("run --geocoder ftp://reader:s3cret@example.org/reverse?key=k", "--geocoder: ftp://example.org/reverse is neither an absolute http(s) URL nor 'off'")]
    [InlineData("run --stations 16107 --stations 32017 --geocoder off", "--stations: given 2 times (at most once)")]
    [InlineData("snapshot --stations 16107 --geocoder off --geocoder off", "--geocoder: given 2 times (at most once)")]
    [InlineData("map --status a.json --stations all --status b.json", "--status: given 2 times (at most once)")]
    [InlineData("run --repeat 1 --repeat 2", "--repeat: given 2 times (at most once)")]
    public async Task Usage_errors_exit_2_with_one_line_naming_the_mistake_and_the_help_hint(string commandLine, string problem)
    {
        var (code, stdout, stderr) = await Velib(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal([$"velib: {problem}", "velib: try 'velib --help'"], stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_bad_url_setting_is_named_without_echoing_its_value()
    {
        var environment = new Dictionary<string, string?> { ["Velib__FeedBaseUrl"] = "ftp://user:s3cret@example.org/feed" };

        var (code, _, stderr) = await Velib(["run"], environment: environment);

        Assert.Equal(2, code);
        Assert.Equal("velib: Velib__FeedBaseUrl: not an absolute http(s) URL", stderr.TrimEnd());
    }

    [Theory]
    [InlineData("/no/such/status.json")]
    [InlineData("c://no/such/status.json")] // a one-letter scheme is a drive, not a URL
    [InlineData("/no/such/\tstatus.json")] // a tab is no control character to make visible
    public async Task A_missing_feed_file_exits_1_with_one_line_naming_it_as_given(string path)
    {
        var (code, stdout, stderr) = await Velib(["run", "--status", path, "--information", Fixture.InformationPath, "--geocoder", "off"]);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"velib: {path}: no such file", stderr.TrimEnd());
    }

    [Fact]
    public async Task A_feed_that_is_not_gbfs_exits_1_and_prints_nothing_partial()
    {
        var notGbfs = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(notGbfs, "<html><body>Maintenance</body></html>");

            var (code, stdout, stderr) = await Velib(["snapshot", "--status", notGbfs, "--information", Fixture.InformationPath, "--geocoder", "off"]);

            Assert.Equal(1, code);
            Assert.Empty(stdout);
            Assert.Equal($"velib: {notGbfs}: malformed JSON at line 1, byte 1: '<' is an invalid start of a value. (starts with '<html><body>Maintenance</body></html>')", stderr.TrimEnd());
        }
        finally
        {
            File.Delete(notGbfs);
        }
    }

    /// <summary>Each command's help says what it does, then names each option's value as the README does, says what it is and gives its default.</summary>
    [Theory]
    [InlineData("run", "--repeat <N>", "[default: 1]")]
    [InlineData("run --help", "--status <PATH|URL>", "[default: the live feed]")] // a flag given twice is no option given twice
    [InlineData("snapshot", "--stations <16107,32017|all>", "[default: 16107,32017]")]
    [InlineData("snapshot", "--information <PATH|URL>", "[default: the live feed]")]
    [InlineData("aggregate", "--input <PATH|->", "[default: -]")]
    [InlineData("map", "--format <html|geojson>", "[default: html]")]
    [InlineData("map", "--postcodes <PATH>", null)]
    [InlineData("map", "--geocoder <URL|off>", "[default: the Géoplateforme service]")]
    [InlineData("", "--version", null)]
    public async Task Help_exits_0_describing_the_command_and_its_options(string commandLine, string option, string? defaultValue)
    {
        var (code, stdout, _) = await Velib([.. commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, code);
        var lines = stdout.Split(Environment.NewLine);
        Assert.Equal("Description:", lines[0]);
        Assert.Matches(@"^  \w", lines[1]);
        var line = Assert.Single(lines, l => l.StartsWith($"  {option} ", StringComparison.Ordinal));
        Assert.Matches($@"^  {Regex.Escape(option)} +\w.*{(defaultValue is null ? "" : " " + Regex.Escape(defaultValue))}$", line);
    }

    /// <summary>Runs <c>velib</c> in this process on <paramref name="stdin"/> (UTF-8) and the given environment (none by default).</summary>
    internal static async Task<(int Code, string Stdout, string Stderr)> Velib(string[] args, string stdin = "", IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await VelibCli.RunAsync(args, new CliContext(input, stdout, stderr, environment ?? new Dictionary<string, string?>()) { Time = new FakeTimeProvider(Fixture.StatusPublishedAt) });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static List<JsonNode> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonNode.Parse(l)!)];

    /// <summary>The groups of <c>velib aggregate</c>'s output: the totals of each batch, each group ended by an empty line.</summary>
    private static List<List<JsonNode>> Groups(string output)
    {
        var groups = new List<List<JsonNode>> { new() };
        foreach (var line in output.Split(Environment.NewLine)[..^1])
        {
            if (line.Length == 0)
            {
                groups.Add([]);
            }
            else
            {
                groups[^1].Add(JsonNode.Parse(line)!);
            }
        }

        Assert.Empty(groups[^1]); // the last group is ended too
        return groups[..^1];
    }

    private static (string?, int, int, int) Totals(JsonNode t) =>
        ((string?)t["postcode"], (int)t["totalBikes"]!, (int)t["mechanicalBikes"]!, (int)t["electricBikes"]!);
}
