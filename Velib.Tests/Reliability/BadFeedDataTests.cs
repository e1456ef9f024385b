using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Velib.Core;
using Velib.Core.Gbfs;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;
using Velib.Core.Stations;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// Bad data inside a well-formed feed, each case derived from the real 2025-10-18 pair (station 16107 'Benjamin
/// Godard - Victor Hugo': 5 bikes = 1 mechanical + 4 electric, 30 free docks, reported 37 min before the fetch).
/// Each is published with its quality flags or rejected with its reason: never a crash, never a silent wrong number.
/// </summary>
public class BadFeedDataTests
{
    private static readonly DateTimeOffset FetchedAt = Fixture.StatusPublishedAt;

    [Fact]
    public async Task The_untouched_station_is_published_clean()
    {
        var message = Assert.Single((await BuildAsync(Status(), Information())).Messages);

        Assert.Equal((5, 1, 4, 30), (message.BikesAvailable, message.Mechanical, message.Electric, message.DocksAvailable));
        Assert.Empty(message.Quality);
        Assert.Equal("75016", message.Postcode);
    }

    [Theory]
    [InlineData("num_bikes_available", -3, "num_bikes_available is negative (-3)")]
    [InlineData("num_docks_available", -1, "num_docks_available is negative (-1)")]
    public async Task A_negative_count_rejects_the_station_with_its_reason(string field, int value, string reason)
    {
        var status = Status();
        Godard(status)[field] = value;
        var logs = new FakeLogCollector();

        var snapshot = await BuildAsync(status, Information(), logs: logs);

        Assert.Empty(snapshot.Messages);
        Assert.Equal([("16107", reason)], snapshot.Rejected.Select(r => (r.StationCode, r.Reason)));
        Assert.Equal([$"Station 16107 rejected: {reason}"], logs.Warnings());
    }

    [Fact]
    public async Task Counts_of_exactly_the_limit_are_published()
    {
        var status = Status();
        Godard(status)["num_bikes_available"] = 10_000;
        Godard(status)["num_docks_available"] = 10_000;
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":10000},{"ebike":10000}]""");

        var snapshot = await BuildAsync(status, Information());

        Assert.Empty(snapshot.Rejected);
        var message = Assert.Single(snapshot.Messages);
        Assert.Equal((10_000, 10_000, 10_000, 10_000), (message.BikesAvailable, message.Mechanical, message.Electric, message.DocksAvailable));
    }

    [Theory]
    [InlineData("""[{"mechanical":-1},{"ebike":4}]""", "mechanical count is negative (-1)")]
    [InlineData("""[{"mechanical":1},{"ebike":-2}]""", "ebike count is negative (-2)")]
    public async Task A_negative_bike_type_count_rejects_the_station(string types, string reason)
    {
        var status = Status();
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse(types);

        var snapshot = await BuildAsync(status, Information());

        Assert.Empty(snapshot.Messages);
        Assert.Equal([("16107", reason)], snapshot.Rejected.Select(r => (r.StationCode, r.Reason)));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"5\"")]
    [InlineData("5.5")]
    public async Task A_null_or_non_integer_bike_count_without_fallback_rejects_the_station(string value)
    {
        var status = Status();
        Godard(status)["num_bikes_available"] = JsonNode.Parse(value);
        Godard(status).Remove("numBikesAvailable");

        var snapshot = await BuildAsync(status, Information());

        Assert.Empty(snapshot.Messages);
        Assert.Equal([new RejectedStation("16107", "num_bikes_available is absent or not a whole number", null)], snapshot.Rejected);
    }

    [Fact]
    public async Task A_null_bike_count_falls_back_to_the_camelCase_duplicate()
    {
        var status = Status();
        Godard(status)["num_bikes_available"] = null;

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((5, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Empty(message.Quality);
    }

    [Fact]
    public async Task A_null_dock_count_is_published_as_unknown_not_as_zero()
    {
        var status = Status();
        Godard(status)["num_docks_available"] = null;
        Godard(status)["numDocksAvailable"] = null;

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Null(message.DocksAvailable);
        Assert.Equal(5, message.BikesAvailable);
        Assert.Equal([QualityFlags.DocksMissing], message.Quality); // so a postcode total that adds 0 for it says so
    }

    [Theory]
    [InlineData(5, new[] { QualityFlags.BikeTypesMissing, QualityFlags.CountsMismatch })]
    [InlineData(0, new[] { QualityFlags.BikeTypesMissing })] // 0 and 0 make the total: no mismatch
    public async Task Missing_bike_types_publish_zero_per_type_flagged(int bikes, string[] flags)
    {
        var status = Status();
        Godard(status)["num_bikes_available"] = bikes;
        Godard(status).Remove("num_bikes_available_types");

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((bikes, 0, 0), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal(flags, message.Quality);
    }

    [Theory]
    [InlineData("""[{"mechanical":1}]""", 1, 0, true)]
    [InlineData("""[{"ebike":4}]""", 0, 4, true)]
    [InlineData("""[{"mechanical":null},{"ebike":4}]""", 0, 4, true)]
    [InlineData("""[{"mechanical":1},{"ebike":"4"}]""", 1, 0, true)]
    [InlineData("""[{"mechanical":5}]""", 5, 0, false)] // the types read make the total: the missing one had 0 bikes
    [InlineData("""[{"mechanical":5},{"ebike":null}]""", 5, 0, false)]
    [InlineData("""[]""", 0, 0, true)]
    public async Task A_missing_or_unreadable_bike_type_counts_0_and_is_a_mismatch_when_the_types_then_miss_the_total(string types, int mechanical, int electric, bool mismatch)
    {
        var status = Status();
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse(types);

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((5, mechanical, electric), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal(mismatch ? [QualityFlags.CountsMismatch] : [], message.Quality);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public async Task An_unknown_bike_type_is_counted_in_the_total_only_and_flagged(int total)
    {
        var status = Status();
        Godard(status)["num_bikes_available"] = total;
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":1},{"ebike":4},{"cargo":2}]""");

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((total, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal([QualityFlags.CountsMismatch, QualityFlags.UnknownBikeType], message.Quality);
    }

    [Fact]
    public async Task An_unknown_bike_type_with_no_bike_is_flagged_unknown_and_the_counts_still_add_up()
    {
        var status = Status();
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":1},{"ebike":4},{"cargo":0}]""");

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((5, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal([QualityFlags.UnknownBikeType], message.Quality);
    }

    /// <summary>
    /// Past 32 or 64 bits a count is out of range, not absent (read as absent, the docks were published as
    /// docks-missing and the mechanical bikes as 0), and the camelCase duplicate does not replace it: it stands in for
    /// a GBFS value that is absent or no whole number only.
    /// </summary>
    [Theory]
    [InlineData("num_bikes_available", "4294967295", "a count is over 10000, which no station holds", false)]
    [InlineData("num_docks_available", "4294967295", "a count is over 10000, which no station holds", false)] // an unsigned -1
    [InlineData("num_docks_available", "-4294967296", "num_docks_available is negative (-4294967296)", false)]
    [InlineData("num_bikes_available_types", """[{"mechanical":4294967295},{"ebike":4}]""", "a count is over 10000, which no station holds", false)]
    [InlineData("num_bikes_available_types", """[{"mechanical":1},{"ebike":-3000000000}]""", "ebike count is negative (-3000000000)", false)]
    [InlineData("num_bikes_available_types", """[{"mechanical":9223372036854775807},{"mechanical":9223372036854775807},{"ebike":4}]""", "a count is over 10000, which no station holds", false)]
    [InlineData("num_docks_available", "18446744073709551615", "a count is over 10000, which no station holds", false)] // past 64 bits
    [InlineData("num_bikes_available", "1e20", "a count is over 10000, which no station holds", false)]
    [InlineData("num_docks_available", "-1e400", "num_docks_available is negative (-9223372036854775808)", false)]
    [InlineData("num_docks_available", "-9223372036854775807.0", "num_docks_available is negative (-9223372036854775807)", false)] // the last long, not held
    [InlineData("num_bikes_available_types", """[{"mechanical":18446744073709551615},{"ebike":4}]""", "a count is over 10000, which no station holds", false)]
    [InlineData("num_docks_available", "10001", "a count is over 10000, which no station holds", true)]
    [InlineData("num_docks_available", "4294967295", "a count is over 10000, which no station holds", true)]
    [InlineData("num_docks_available", "18446744073709551615", "a count is over 10000, which no station holds", true)]
    [InlineData("num_docks_available", "1e20", "a count is over 10000, which no station holds", true)]
    public async Task A_count_out_of_range_rejects_the_station_whatever_its_width_or_camelCase_duplicate(string field, string value, string reason, bool keepDuplicates)
    {
        var status = Status();
        Godard(status)[field] = JsonNode.Parse(value);
        if (!keepDuplicates)
        {
            Godard(status).Remove("numBikesAvailable");
            Godard(status).Remove("numDocksAvailable");
        }

        var snapshot = await BuildAsync(status, Information());

        Assert.Empty(snapshot.Messages);
        Assert.Equal([("16107", reason)], snapshot.Rejected.Select(r => (r.StationCode, r.Reason)));
    }

    /// <summary>The camelCase duplicate standing in for an absent GBFS count is read as a count too: past 64 bits it is held at the end of the range and rejects the station, never read as absent.</summary>
    [Theory]
    [InlineData("num_bikes_available", "numBikesAvailable", "18446744073709551615", "a count is over 10000, which no station holds")]
    [InlineData("num_docks_available", "numDocksAvailable", "1e20", "a count is over 10000, which no station holds")]
    [InlineData("num_docks_available", "numDocksAvailable", "-1e400", "num_docks_available is negative (-9223372036854775808)")]
    public async Task A_camelCase_duplicate_past_64_bits_standing_in_for_an_absent_count_rejects_the_station(string field, string duplicate, string value, string reason)
    {
        var status = Status();
        Godard(status).Remove(field);
        Godard(status)[duplicate] = JsonNode.Parse(value);

        var snapshot = await BuildAsync(status, Information());

        Assert.Empty(snapshot.Messages);
        Assert.Equal([("16107", reason)], snapshot.Rejected.Select(r => (r.StationCode, r.Reason)));
    }

    [Fact]
    public async Task Bike_type_counts_whose_sum_exceeds_32_bits_are_flagged_not_a_crash()
    {
        var status = Status();
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":1},{"ebike":4},{"cargo":2000000000},{"tandem":2000000000}]""");

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((5, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal([QualityFlags.CountsMismatch, QualityFlags.UnknownBikeType], message.Quality);
    }

    /// <summary>Unknown types whose counts together pass 64 bits: their sum overflowed, and cost the whole tick rather than flag one station.</summary>
    [Theory]
    [InlineData("""[{"mechanical":1},{"ebike":4},{"cargo":9223372036854775807},{"tandem":1}]""")]
    [InlineData("""[{"mechanical":1},{"ebike":4},{"cargo":1e20},{"tandem":1e20}]""")]
    [InlineData("""[{"mechanical":1},{"ebike":4},{"cargo":18446744073709551615},{"tandem":9223372036854775807}]""")]
    public async Task Unknown_bike_types_whose_sum_exceeds_64_bits_are_flagged_not_a_crash(string types)
    {
        var status = Status();
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse(types);

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((5, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal([QualityFlags.CountsMismatch, QualityFlags.UnknownBikeType], message.Quality);
    }

    [Fact]
    public async Task A_bike_type_repeated_past_32_bits_rejects_the_station_as_over_the_limit()
    {
        var status = Status();
        Godard(status)["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":2000000000},{"mechanical":2000000000},{"ebike":4}]""");

        var snapshot = await BuildAsync(status, Information());

        Assert.Empty(snapshot.Messages);
        Assert.Equal([new RejectedStation("16107", "a count is over 10000, which no station holds", null)], snapshot.Rejected);
    }

    [Fact]
    public async Task Types_that_do_not_add_up_to_the_total_are_published_as_given_and_flagged()
    {
        var status = Status();
        Godard(status)["num_bikes_available"] = 8;

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((8, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal([QualityFlags.CountsMismatch], message.Quality);
    }

    [Fact]
    public async Task A_duplicate_station_code_keeps_the_latest_report_flagged()
    {
        // An earlier report before the recorded one, the latest after it, an earlier one last; 32017 once.
        var status = Fixture.Only(Fixture.StatusTree(), "16107", "32017");
        Fixture.Stations(status).Insert(0, Report(mechanical: 3, 1760776294 - 120));
        Fixture.Stations(status).Add(Report(mechanical: 2, 1760776294 + 60));
        Fixture.Stations(status).Add(Report(mechanical: 0, 1760776294 - 60));
        var logs = new FakeLogCollector();

        var snapshot = await BuildAsync(status, Fixture.Only(Fixture.InformationTree(), "16107", "32017"), "16107,32017", logs);

        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        var message = snapshot.Messages[0];
        Assert.Equal((6, 2, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1760776354), message.LastReported);
        Assert.Equal([QualityFlags.DuplicateStationCode], message.Quality);
        Assert.Empty(snapshot.Messages[1].Quality);
        Assert.Equal([new FeedProblem("station_status.json: station 16107 appears more than once; the latest last_reported is kept", 1)], snapshot.Problems);
        Assert.Equal(["Feed problem: station_status.json: station 16107 appears more than once; the latest last_reported is kept"], logs.Warnings());
    }

    [Fact]
    public async Task Duplicates_reported_at_the_same_second_keep_the_first_entry_flagged()
    {
        var status = Status();
        Fixture.Stations(status).Add(Report(mechanical: 2, 1760776294));

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal((5, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Equal([QualityFlags.DuplicateStationCode], message.Quality);
    }

    [Fact]
    public async Task A_status_station_absent_from_the_information_feed_is_published_without_details()
    {
        var information = Fixture.Only(Fixture.InformationTree(), "32017");
        var logs = new FakeLogCollector();

        var message = Assert.Single((await BuildAsync(Status(), information, logs: logs)).Messages);

        Assert.Equal((5, 1, 4), (message.BikesAvailable, message.Mechanical, message.Electric));
        Assert.Null(message.Name);
        Assert.Null(message.Lat);
        Assert.Null(message.Capacity);
        Assert.Equal("75016", message.Postcode);
        Assert.Equal([QualityFlags.NoInformation], message.Quality);
        Assert.Equal(["1 station(s) absent from station_information.json, published without name, position or capacity: 16107"], logs.Warnings());
    }

    [Fact]
    public async Task Stations_absent_from_the_information_feed_or_without_postcode_are_one_line_each_naming_the_first_hundred()
    {
        // A whole network missing from an information document: every station is flagged, and each warning's line is
        // bounded (it named all 1,494, and a 16 MiB feed of valid stations would be one line of megabytes).
        var information = Fixture.Only(Fixture.InformationTree(), "32017");
        var logs = new FakeLogCollector();

        var snapshot = await BuildAsync(Fixture.StatusTree(), information, stations: "all", logs: logs);

        var uninformed = snapshot.Messages.Where(m => m.Quality.Contains(QualityFlags.NoInformation)).Select(m => m.StationCode).ToList();
        Assert.Equal(1494, uninformed.Count);
        Assert.Contains($"1494 station(s) absent from station_information.json, published without name, position or capacity: {string.Join(", ", uninformed.Take(100))} and 1394 more", logs.Warnings());
        var unresolved = snapshot.UnresolvedCodes.Where(code => !PostcodeTable.BuiltIn.TryGet(code, out _)).ToList();
        Assert.Equal(82, unresolved.Count);
        Assert.Contains($"82 station(s) without postcode (not in the postcode table, and reverse geocoding is off), not summed into any postcode: {string.Join(", ", unresolved)}", logs.Warnings());
    }

    [Fact]
    public async Task The_station_id_of_the_status_wins_over_that_of_the_information()
    {
        var information = Information();
        Fixture.Entry(information, "16107")["station_id"] = 1;

        var message = Assert.Single((await BuildAsync(Status(), information)).Messages);

        Assert.Equal(213688169, message.StationId);
        Assert.Empty(message.Quality);
    }

    [Fact]
    public async Task Without_a_station_id_in_the_status_that_of_the_information_is_published()
    {
        var status = Status();
        Godard(status).Remove("station_id");
        var information = Information();
        Fixture.Entry(information, "16107")["station_id"] = 1;

        var message = Assert.Single((await BuildAsync(status, information)).Messages);

        Assert.Equal(1, message.StationId);
    }

    [Fact]
    public async Task A_station_twice_in_the_information_feed_takes_its_first_entry_and_is_reported()
    {
        var information = Information();
        var second = (JsonObject)Fixture.Entry(information, "16107").DeepClone();
        second["name"] = "Godard (second entry)";
        Fixture.Stations(information).Add(second);

        var snapshot = await BuildAsync(Status(), information);

        Assert.Equal("Benjamin Godard - Victor Hugo", Assert.Single(snapshot.Messages).Name);
        Assert.Equal([new FeedProblem("station_information.json: station 16107 appears more than once; the first entry is used", 1)], snapshot.Problems);
    }

    [Theory]
    [InlineData("16107 ", "16107")]
    [InlineData("16107", "\t16107")]
    [InlineData(" 16107", "16107\u00A0")] // a no-break space, as a spreadsheet export leaves it
    public async Task Blanks_round_a_station_code_are_no_part_of_it(string inStatus, string inInformation)
    {
        // "16107 " was a station of its own: absent for the selection 16107, and never joined to its information.
        var (status, information) = (Status(), Information());
        Godard(status)["stationCode"] = inStatus;
        Fixture.Entry(information, "16107")["stationCode"] = inInformation;

        var snapshot = await BuildAsync(status, information);

        var message = Assert.Single(snapshot.Messages);
        Assert.Equal(("16107", "Benjamin Godard - Victor Hugo", "75016"), (message.StationCode, message.Name, message.Postcode));
        Assert.Empty(message.Quality);
        Assert.Empty(snapshot.MissingCodes);
    }

    [Fact]
    public async Task Configured_stations_absent_from_both_feeds_are_reported_missing_in_code_order()
    {
        var snapshot = await BuildAsync(Status(), Information(), "99999,16107,00042");

        Assert.Equal(["16107"], snapshot.Messages.Select(m => m.StationCode));
        Assert.Equal(["00042", "99999"], snapshot.MissingCodes);
    }

    [Fact]
    public async Task A_non_ascii_name_is_kept_as_is()
    {
        var snapshot = await BuildAsync(Fixture.Only(Fixture.StatusTree(), "40001"), Fixture.Only(Fixture.InformationTree(), "40001"), "40001");

        var message = Assert.Single(snapshot.Messages);
        Assert.Equal("Hôpital Mondor", message.Name);
        Assert.Equal([QualityFlags.PostcodeUnresolved], message.Quality);
        Assert.Equal(20, message.BikesAvailable);
    }

    [Fact]
    public async Task A_double_encoded_name_is_published_as_the_feed_gives_it()
    {
        var information = Fixture.Only(Fixture.InformationTree(), "40001");
        Fixture.Entry(information, "40001")["name"] = "HÃ´pital Mondor";

        var snapshot = await BuildAsync(Fixture.Only(Fixture.StatusTree(), "40001"), information, "40001");

        var message = Assert.Single(snapshot.Messages);
        Assert.Equal("HÃ´pital Mondor", message.Name);
        Assert.Equal([QualityFlags.PostcodeUnresolved], message.Quality);
        Assert.Equal(20, message.BikesAvailable);
    }

    [Fact]
    public async Task A_station_code_with_a_suffix_is_its_own_station_and_never_borrows_a_postcode()
    {
        // 11031_relais is a real station with its own row in the postcode table; 16107_relais has none, and must not
        // borrow 16107's postcode.
        var status = Fixture.Only(Fixture.StatusTree(), "11031", "16107");
        foreach (var (code, bikes) in new[] { ("11031", 2), ("16107", 3) })
        {
            var relais = (JsonObject)Fixture.Entry(status, code).DeepClone();
            relais["stationCode"] = code + "_relais";
            relais["num_bikes_available"] = bikes;
            relais["num_bikes_available_types"] = JsonNode.Parse($$"""[{"mechanical":{{bikes}}},{"ebike":0}]""");
            Fixture.Stations(status).Add(relais);
        }

        var snapshot = await BuildAsync(status, Fixture.Only(Fixture.InformationTree(), "11031", "16107"), "11031,11031_relais,16107,16107_relais");

        Assert.Equal(["11031", "11031_relais", "16107", "16107_relais"], snapshot.Messages.Select(m => m.StationCode));
        Assert.Equal([8, 2, 5, 3], snapshot.Messages.Select(m => m.BikesAvailable));
        Assert.Equal(["75011", "75011", "75016", null], snapshot.Messages.Select(m => m.Postcode));
        Assert.Equal("Jacquard - Ternaux", snapshot.Messages[0].Name);
        Assert.Equal([QualityFlags.NoInformation], snapshot.Messages[1].Quality);
        Assert.Equal([QualityFlags.NoInformation, QualityFlags.PostcodeUnresolved], snapshot.Messages[3].Quality);
        Assert.Equal((2, 2, 0), (snapshot.Messages[1].BikesAvailable, snapshot.Messages[1].Mechanical, snapshot.Messages[1].Electric));
    }

    [Theory]
    [InlineData("{0}.0")]
    [InlineData("{0}e0")]
    [InlineData("{0}0E-1")]
    public async Task A_whole_number_written_with_a_fraction_part_or_an_exponent_is_that_number(string spelling)
    {
        // JSON Schema's "integer", which GBFS's schemas use, takes 5.0: every whole number of both documents (counts,
        // bike types, flags, ids, last_reported, capacity, the version) so written, and no camelCase duplicate to fall
        // back on. 5.0 was read as no number: the station rejected as "not a whole number", its bike types 0.
        JsonObject Respelled(JsonObject document)
        {
            foreach (var entry in Fixture.Stations(document).OfType<JsonObject>())
            {
                entry.Remove("numBikesAvailable");
                entry.Remove("numDocksAvailable");
            }

            var text = System.Text.RegularExpressions.Regex.Replace(document.ToJsonString(), @"(?<=[:\[,])-?[0-9]+(?=[,}\]])", m => string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, m.Value));
            Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, "213688169"), text, StringComparison.Ordinal);
            return (JsonObject)JsonNode.Parse(text)!;
        }

        var clean = Assert.Single((await BuildAsync(Status(), Information())).Messages);

        var snapshot = await BuildAsync(Respelled(Status()), Respelled(Information()));

        Assert.Empty(snapshot.Rejected);
        Assert.Equal(KafkaRecords.ToEnvelope(clean, KafkaTopics.Stations, clean.Tick), KafkaRecords.ToEnvelope(Assert.Single(snapshot.Messages), KafkaTopics.Stations, snapshot.Tick));
    }

    [Theory]
    [InlineData(0L, null, QualityFlags.LastReportedMissing)]
    [InlineData(-5L, null, QualityFlags.LastReportedMissing)]
    [InlineData(1760778556L + 86400, 1760778556L + 86400, QualityFlags.LastReportedFuture)]
    [InlineData(1760778556L - 7200, 1760778556L - 7200, QualityFlags.Stale)]
    [InlineData(1760778556L + 240, 1760778556L + 240, null)]
    [InlineData(1760778556L + 300, 1760778556L + 300, null)] // the tolerance after the tick, to the second: not future
    [InlineData(1760778556L - 3600, 1760778556L - 3600, null)] // an hour before the tick, to the second: not stale
    [InlineData(99999999999999L, null, QualityFlags.LastReportedMissing)]
    [InlineData(253402300799L, 253402300799L, QualityFlags.LastReportedFuture)] // 9999-12-31T23:59:59Z, the last second a time holds
    [InlineData(253402300800L, null, QualityFlags.LastReportedMissing)]
    public async Task A_zero_future_or_old_last_reported_is_flagged(long lastReported, long? published, string? flag)
    {
        var status = Status();
        Godard(status)["last_reported"] = lastReported;

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        Assert.Equal(published is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null, message.LastReported);
        Assert.Equal(flag is null ? [] : [flag], message.Quality);
        Assert.Equal(5, message.BikesAvailable);
    }

    [Theory]
    [InlineData("is_installed", "is_renting", QualityFlags.NotRenting)]
    [InlineData("is_renting", "is_installed", QualityFlags.NotInstalled)]
    [InlineData("is_returning", "is_renting", QualityFlags.NotRenting)]
    public async Task Missing_or_false_status_flags_are_flagged(string missing, string zero, string flag)
    {
        // Any one flag missing is flagged, and published false.
        var status = Status();
        Godard(status).Remove(missing);
        Godard(status)[zero] = 0;

        var message = Assert.Single((await BuildAsync(status, Information())).Messages);

        bool Set(string field) => field != missing && field != zero;
        Assert.Equal((Set("is_installed"), Set("is_renting"), Set("is_returning")), (message.IsInstalled, message.IsRenting, message.IsReturning));
        Assert.Equal([flag, QualityFlags.StatusFlagsMissing], message.Quality);
    }

    [Fact]
    public async Task A_rejected_station_does_not_stop_the_others()
    {
        // 16107, 16108 and 16118 are all in 75016; 16118 is rejected, so 75016 expects two stations, not three.
        var status = Fixture.Only(Fixture.StatusTree(), "16107", "16108", "16118", "32017");
        Fixture.Entry(status, "16118")["num_bikes_available"] = -1;

        var snapshot = await BuildAsync(status, Fixture.Only(Fixture.InformationTree(), "16107", "16108", "16118", "32017"), "16107,16108,16118,32017");

        Assert.Equal(["16107", "16108", "32017"], snapshot.Messages.Select(m => m.StationCode));
        Assert.Equal([new RejectedStation("16118", "num_bikes_available is negative", -1)], snapshot.Rejected);
        Assert.Equal([2, 2, 1], snapshot.Messages.Select(m => m.StationsInPostcode));
        Assert.Equal([5, 21, 9], snapshot.Messages.Select(m => m.BikesAvailable));
    }

    /// <summary>
    /// One warning per bad entry and per rejected station was unbounded: 8.4 million lines (695 MB, 1.5 GB held) for a
    /// 16 MiB document of <c>0</c> entries. Now one line per kind, naming the first ten, and the counts exact.
    /// </summary>
    [Fact]
    public async Task A_flood_of_bad_entries_and_rejected_stations_is_one_warning_per_kind_with_exact_counts()
    {
        var status = Status();
        for (var i = 0; i < 20_000; i++)
        {
            Fixture.Stations(status).Add(0);
        }

        for (var i = 0; i < 3_000; i++)
        {
            Fixture.Stations(status).Add(new JsonObject { ["stationCode"] = $"{90_000 + i}", ["num_bikes_available"] = -1 - (i % 7) });
        }

        Fixture.Stations(status).Add(new JsonObject { ["stationCode"] = "99999", ["num_bikes_available"] = null });
        var logs = new FakeLogCollector();

        var snapshot = await BuildAsync(status, Information(), "all", logs);

        Assert.Equal("16107", Assert.Single(snapshot.Messages).StationCode);
        Assert.Equal(3_001, snapshot.Rejected.Count);
        Assert.Equal(new RejectedStation("92999", "num_bikes_available is negative", -4), snapshot.Rejected[^2]);
        Assert.Equal([new FeedProblem("station_status.json: 20000 entries are not objects: #1, #2, #3, #4, #5, #6, #7, #8, #9, #10 and 19990 more", 20_000)], snapshot.Problems);
        Assert.Equal(
            [
                "3000 stations rejected (num_bikes_available is negative): 90000 (-1), 90001 (-2), 90002 (-3), 90003 (-4), 90004 (-5), 90005 (-6), 90006 (-7), 90007 (-1), 90008 (-2), 90009 (-3) and 2990 more",
                "Station 99999 rejected: num_bikes_available is absent or not a whole number",
                "Feed problem: station_status.json: 20000 entries are not objects: #1, #2, #3, #4, #5, #6, #7, #8, #9, #10 and 19990 more",
            ],
            logs.Warnings());
        Assert.Contains(" 3001 rejected, 0 without postcode, 20000 feed problems", snapshot.Summary, StringComparison.Ordinal);
    }

    /// <summary>Stations twice in a document are one problem per document, naming the first ten and counting every one.</summary>
    [Fact]
    public async Task Many_stations_twice_in_a_document_are_one_problem_counting_them_all()
    {
        var (status, information) = (Fixture.StatusTree(), Fixture.InformationTree());
        foreach (var tree in new[] { status, information })
        {
            foreach (var entry in Fixture.Stations(tree).Take(12).ToList())
            {
                Fixture.Stations(tree).Add(entry!.DeepClone());
            }
        }

        var snapshot = await BuildAsync(status, information, "all");
        var codes = string.Join(", ", Fixture.Stations(status).Take(10).Select(e => (string)e!["stationCode"]!));

        Assert.Equal(
            [
                new FeedProblem($"station_information.json: 12 stations appear more than once; the first entry of each is used: {codes} and 2 more", 12),
                new FeedProblem($"station_status.json: 12 stations appear more than once; the latest last_reported of each is kept: {codes} and 2 more", 12),
            ],
            snapshot.Problems);
        Assert.EndsWith(", 24 feed problems", snapshot.Summary, StringComparison.Ordinal);
    }

    private static JsonObject Status() => Fixture.Only(Fixture.StatusTree(), "16107");

    private static JsonObject Information() => Fixture.Only(Fixture.InformationTree(), "16107");

    private static JsonObject Godard(JsonObject status) => Fixture.Entry(status, "16107");

    /// <summary>Another report of 16107: <paramref name="mechanical"/> mechanical bikes and its 4 electric ones, reported at <paramref name="lastReported"/>.</summary>
    private static JsonObject Report(int mechanical, long lastReported)
    {
        var report = (JsonObject)Godard(Status()).DeepClone();
        report["num_bikes_available"] = mechanical + 4;
        report["num_bikes_available_types"] = JsonNode.Parse($$"""[{"mechanical":{{mechanical}}},{"ebike":4}]""");
        report["last_reported"] = lastReported;
        return report;
    }

    /// <summary>The snapshot of two derived documents, through the pipeline as the hosts wire it (geocoder off).</summary>
    private static async Task<Snapshot> BuildAsync(JsonObject status, JsonObject information, string stations = "16107", FakeLogCollector? logs = null)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = stations;
        using var services = Pipeline.Build(settings, logs: logs);
        var snapshot = await services.GetRequiredService<SnapshotService>()
            .BuildAsync(new FeedPair(Fixture.Bytes(status), Fixture.Bytes(information), FetchedAt), CancellationToken.None);

        // Whatever was published survives the trip through Kafka records intact.
        foreach (var message in snapshot.Messages)
        {
            Assert.True(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, snapshot.Tick)), out var read, out var reason), reason);
            Assert.Equal(message.BikesAvailable, read!.BikesAvailable);
            Assert.Equal(message.Quality, read.Quality);
        }

        return snapshot;
    }
}
