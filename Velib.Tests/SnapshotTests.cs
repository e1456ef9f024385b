using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Feeds;
using Velib.Core.Messages;
using Velib.Core.Snapshots;
using Velib.Core.Stations;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The producer's tick on the real 2025-10-18 feed pair, wired as the hosts wire it.</summary>
public class SnapshotTests
{
    private static readonly DateTimeOffset Tick = Fixture.StatusPublishedAt;

    [Fact]
    public async Task Default_stations_give_the_real_values_of_16107_and_32017()
    {
        var logs = new FakeLogCollector();

        var snapshot = await TakeAsync(Pipeline.RecordedSettings(), logs: logs);

        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        var godard = snapshot.Messages[0];
        Assert.Equal("Benjamin Godard - Victor Hugo", godard.Name);
        Assert.Equal(("75016", "Paris"), (godard.Postcode, godard.City));
        Assert.Equal((5, 1, 4, 30, 35), (godard.BikesAvailable, godard.Mechanical, godard.Electric, godard.DocksAvailable, godard.Capacity));
        Assert.Equal(213688169, godard.StationId);
        Assert.Equal((48.865983, 2.275725), (godard.Lat!.Value, godard.Lon!.Value));
        Assert.Equal(DateTimeOffset.Parse("2025-10-18T08:31:34Z", System.Globalization.CultureInfo.InvariantCulture), godard.LastReported);
        Assert.Equal(Tick, godard.Tick);
        Assert.Equal(1, godard.StationsInPostcode);
        Assert.Empty(godard.Quality);

        var basilique = snapshot.Messages[1];
        Assert.Equal(("Basilique", "93200", "Saint-Denis"), (basilique.Name, basilique.Postcode, basilique.City));
        Assert.Equal((9, 4, 5), (basilique.BikesAvailable, basilique.Mechanical, basilique.Electric));
        Assert.Empty(snapshot.MissingCodes);
        Assert.Empty(snapshot.Rejected);
        Assert.Equal("tick 2025-10-18T09:09:16Z: 2 stations published, 0 missing from the feed, 0 rejected, 0 without postcode, 0 feed problems", snapshot.Summary);
        Assert.Equal([$"Snapshot {snapshot.Summary}"], logs.Texts()); // the host's one line per tick
    }

    [Fact]
    public async Task A_station_reported_more_than_an_hour_before_the_tick_is_flagged_stale()
    {
        // Stale is measured against the tick (the feed's lastUpdatedOther): the recorded status, derived two hours later.
        var status = Fixture.StatusTree();
        status["lastUpdatedOther"] = Tick.AddHours(2).ToUnixTimeSeconds();
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Fixture.Bytes(status));
            var settings = Pipeline.RecordedSettings();
            settings["Velib:StatusLocation"] = path;

            var snapshot = await TakeAsync(settings, Tick.AddHours(2));

            Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode)); // flagged, not left out
            Assert.All(snapshot.Messages, m => Assert.Equal([QualityFlags.Stale], m.Quality));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("all")]
    [InlineData(" ALL ")]
    public async Task All_mode_publishes_every_station_and_marks_those_without_postcode(string all)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = all;

        var snapshot = await TakeAsync(settings);

        Assert.Equal(1495, snapshot.Messages.Count);
        var unresolved = snapshot.Messages.Where(m => m.Postcode is null).ToList();
        Assert.Equal(84, unresolved.Count);
        Assert.All(unresolved, m => Assert.Contains(QualityFlags.PostcodeUnresolved, m.Quality));
        Assert.Equal(84, unresolved[0].StationsInPostcode);
        Assert.Equal(17418, snapshot.Messages.Where(m => m.Postcode is not null).Sum(m => m.BikesAvailable));
        Assert.Equal(snapshot.Messages.Count(m => m.Postcode == "75016"), snapshot.Messages.First(m => m.Postcode == "75016").StationsInPostcode);
    }

    [Theory]
    [InlineData(" 16107 , 32017 ")]
    [InlineData("16107,,32017,")]
    public async Task Station_codes_may_be_spaced_and_empty_entries_are_skipped(string stations)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = stations;

        var snapshot = await TakeAsync(settings);

        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        Assert.Empty(snapshot.MissingCodes);
    }

    /// <summary>The settings check refuses a bad <c>Stations</c> before the service parses it; called directly, <c>Parse</c> refuses it too, with the same reason.</summary>
    [Theory]
    [InlineData("16107,ALL", "'all' stands alone: every station, or a list of codes")]
    [InlineData("16107,ALL,x y", "'x y' is not a station code (ASCII letters, digits and '_' only)")] // a bad code is named before 'all' alone
    [InlineData("a-b,16107,c d", "'a-b' is not a station code (ASCII letters, digits and '_' only)")] // the first bad code
    [InlineData(" , ", "no station code given (use codes like 16107,32017 or 'all')")]
    [InlineData("16107;x", "'16107;x' is not a station code (ASCII letters, digits and '_' only)")]
    public void A_station_list_that_cannot_be_used_is_a_format_error_naming_why(string stations, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Velib.Core.Configuration.StationSelection.Parse(stations));

        Assert.Equal(reason, error.Message);
        Assert.Equal(reason, Velib.Core.Configuration.StationSelection.TryParse(stations, out var selection));
        Assert.Null(selection);
    }

    [Fact]
    public async Task A_path_the_system_cannot_take_fails_the_tick_naming_it()
    {
        // A NUL, possible only from a settings file: the runtime refuses such a path with an ArgumentException.
        var settings = Pipeline.RecordedSettings();
        settings["Velib:StatusLocation"] = "station\0status.json";

        var error = await Assert.ThrowsAsync<FeedException>(() => TakeAsync(settings));

        Assert.StartsWith("station\0status.json: Null character in path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_postcode_never_comes_from_the_code_prefix()
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = "all";

        var snapshot = await TakeAsync(settings);

        // 12126 would be "75012" by prefix; it is in Charenton-le-Pont.
        var charenton = Assert.Single(snapshot.Messages, m => m.StationCode == "12126");
        Assert.Equal(("94220", "Charenton-le-Pont"), (charenton.Postcode, charenton.City));
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("a_station_code_of_32_characters_")] // the longest a code may be
    public async Task A_configured_station_absent_from_the_feed_is_reported_not_dropped_silently(string absent)
    {
        var logs = new FakeLogCollector();
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = $"16107,{absent}";

        var snapshot = await TakeAsync(settings, logs: logs);

        Assert.Equal("16107", Assert.Single(snapshot.Messages).StationCode);
        Assert.Equal([absent], snapshot.MissingCodes);
        Assert.Contains($"1 configured station(s) absent from the feed: {absent}", logs.Warnings());
        Assert.Contains("1 missing from the feed", snapshot.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_configured_stations_absent_from_the_feed_are_one_warning_naming_the_first_hundred()
    {
        var logs = new FakeLogCollector();
        var settings = Pipeline.RecordedSettings();
        var absent = Enumerable.Range(0, 150).Select(i => $"absent{i:000}").ToList();
        settings["Velib:Stations"] = string.Join(",", ["16107", .. absent]);

        var snapshot = await TakeAsync(settings, logs: logs);

        Assert.Equal(absent, snapshot.MissingCodes);
        Assert.Equal($"150 configured station(s) absent from the feed: {string.Join(", ", absent.Take(100))} and 50 more", Assert.Single(logs.Warnings()));
        Assert.Contains("150 missing from the feed", snapshot.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("num_bikes_available")]
    [InlineData("num_docks_available")]
    public void A_count_no_station_can_hold_rejects_the_station_with_the_reason(string field)
    {
        var status = Fixture.Only(Fixture.StatusTree(), "16107", "32017");
        Fixture.Entry(status, "16107")[field] = 50_000;
        var selection = Velib.Core.Configuration.StationSelection.Parse(Velib.Core.Configuration.StationSelection.DefaultCodes);

        var joined = StationBuilder.Join(
            Velib.Core.Gbfs.StationStatus.Parse(Fixture.Bytes(status), selection),
            Velib.Core.Gbfs.StationInformation.Parse(Fixture.Information, selection),
            selection);

        Assert.Equal("32017", Assert.Single(joined.Stations).Status.StationCode);
        Assert.Equal(new RejectedStation("16107", "a count is over 10000, which no station holds", null), Assert.Single(joined.Rejected));
    }

    [Fact]
    public async Task Overrides_win_over_the_table()
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:PostcodeOverrides:16107:Postcode"] = "75116";
        settings["Velib:PostcodeOverrides:16107:City"] = "Paris 16e";

        var snapshot = await TakeAsync(settings);

        Assert.Equal(("75116", "Paris 16e"), (snapshot.Messages[0].Postcode, snapshot.Messages[0].City));
    }

    [Fact]
    public async Task Station_messages_serialise_to_the_documented_contract()
    {
        var snapshot = await TakeAsync(Pipeline.RecordedSettings());

        var json = KafkaRecords.ToJson(snapshot.Messages[0]);

        Assert.Equal(
            """{"schemaVersion":1,"stationCode":"16107","stationId":213688169,"name":"Benjamin Godard - Victor Hugo","postcode":"75016","city":"Paris","lat":48.865983,"lon":2.275725,"capacity":35,"bikesAvailable":5,"mechanical":1,"electric":4,"docksAvailable":30,"isInstalled":true,"isRenting":true,"isReturning":true,"lastReported":"2025-10-18T08:31:34Z","tick":"2025-10-18T09:09:16Z","stationsInPostcode":1,"quality":[]}""",
            json);
    }

    private static async Task<Snapshot> TakeAsync(Dictionary<string, string?> settings, DateTimeOffset? now = null, FakeLogCollector? logs = null)
    {
        await using var services = Pipeline.Build(settings, new FakeTimeProvider(now ?? Tick), logs);
        return await services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None);
    }
}
