using System.Text.Json.Nodes;
using Velib.Core;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Gbfs;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>Parsing of the real 2025-10-18 feed pair, and of every quirk of the Vélib' GBFS feed.</summary>
public class GbfsParsingTests
{
    [Fact]
    public void All_mode_reads_every_station_of_the_recorded_pair()
    {
        var status = StationStatus.Parse(Fixture.Status, StationSelection.Everything);
        var information = StationInformation.Parse(Fixture.Information, StationSelection.Everything);

        Assert.Equal(1495, status.Stations.Count);
        Assert.Equal(1495, information.Stations.Count);
        Assert.Equal(status.Stations.Select(s => s.StationCode).Order(StringComparer.Ordinal), information.Stations.Select(s => s.StationCode).Order(StringComparer.Ordinal));
        Assert.Empty(status.Problems);
        Assert.Empty(information.Problems);
        Assert.Equal(18067, status.Stations.Sum(s => s.BikesAvailable));
    }

    [Fact]
    public void Each_document_gives_its_own_version()
    {
        Assert.Equal(1760778556, StationStatus.Parse(Fixture.Status, StationSelection.Parse(StationSelection.DefaultCodes)).Version);
        Assert.Equal(1760778679, StationInformation.Parse(Fixture.Information, StationSelection.Parse(StationSelection.DefaultCodes)).Version);
    }

    [Theory]
    [InlineData("""{"ttl":3600,"data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]},"lastUpdatedOther":1760778556}""", 1760778556L)]
    [InlineData("""{"lastUpdatedOther":"1760778556","data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", null)]
    [InlineData("""{"lastUpdatedOther":1760778556.5,"data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", null)]
    [InlineData("""{"data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", null)]
    [InlineData("""{"last_updated":1760778500,"data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", 1760778500L)]
    [InlineData("""{"last_updated":1760778500,"lastUpdatedOther":1760778556,"data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", 1760778556L)]
    [InlineData("""{"last_updated":1760778500,"lastUpdatedOther":"x","data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", 1760778500L)]
    [InlineData("""{"last_updated":"2025-10-18T09:08:20Z","data":{"stations":[{"stationCode":"16107","num_bikes_available":1}]}}""", null)]
    public void The_version_is_lastUpdatedOther_else_last_updated_read_after_the_list_too_and_only_as_a_whole_number(string body, long? expected)
    {
        var status = StationStatus.Parse(System.Text.Encoding.UTF8.GetBytes(body), StationSelection.Parse(StationSelection.DefaultCodes));

        Assert.Equal(expected, status.Version);
        Assert.Equal("16107", Assert.Single(status.Stations).StationCode);
    }

    [Fact]
    public void Default_selection_keeps_only_16107_and_32017_with_their_real_counts()
    {
        var status = StationStatus.Parse(Fixture.Status, StationSelection.Parse(StationSelection.DefaultCodes));

        Assert.Equal(["16107", "32017"], status.Stations.Select(s => s.StationCode).Order(StringComparer.Ordinal));
        var godard = status.Stations.Single(s => s.StationCode == "16107");
        Assert.Equal(213688169, godard.StationId);
        Assert.Equal(5, godard.BikesAvailable);
        Assert.Equal(1, godard.Mechanical);
        Assert.Equal(4, godard.Electric);
        Assert.Equal(30, godard.DocksAvailable);
        Assert.True(godard.IsInstalled);
        Assert.True(godard.IsRenting);
        Assert.True(godard.IsReturning);
        Assert.Equal(1760776294, godard.LastReported);

        var basilique = status.Stations.Single(s => s.StationCode == "32017");
        Assert.Equal((9, 4, 5), (basilique.BikesAvailable, basilique.Mechanical, basilique.Electric));
        Assert.Equal(2515829865, basilique.StationId);
    }

    [Fact]
    public void Information_gives_name_position_and_capacity()
    {
        var information = StationInformation.Parse(Fixture.Information, StationSelection.Parse(StationSelection.DefaultCodes));

        var godard = information.Stations.Single(s => s.StationCode == "16107");
        Assert.Equal("Benjamin Godard - Victor Hugo", godard.Name);
        Assert.Equal(48.865983, godard.Lat);
        Assert.Equal(2.275725, godard.Lon);
        Assert.Equal(35, godard.Capacity);
        Assert.Equal("Basilique", information.Stations.Single(s => s.StationCode == "32017").Name);
    }

    [Theory]
    [InlineData(48.865983, 2.275725, true)]
    [InlineData(-48.865983, -180.0, true)] // far from Paris, but on the globe
    [InlineData(90.0, 180.0, true)]
    [InlineData(-90.0, -180.0, true)] // the south pole: the globe's last latitude
    [InlineData(999.0, 2.275725, false)]
    [InlineData(48.865983, 180.5, false)]
    [InlineData(0.0, 0.0, false)] // where GBFS feeds put a station not yet placed
    public void A_position_off_the_globe_or_at_0_0_is_no_position(double lat, double lon, bool kept)
    {
        var tree = Fixture.Only(Fixture.InformationTree(), "16107");
        (Fixture.Entry(tree, "16107")["lat"], Fixture.Entry(tree, "16107")["lon"]) = (lat, lon);

        var godard = Assert.Single(StationInformation.Parse(Fixture.Bytes(tree), StationSelection.Everything).Stations);

        Assert.Equal(kept ? (lat, lon) : (null, null), (godard.Lat, godard.Lon));
        Assert.Equal(("Benjamin Godard - Victor Hugo", 35), (godard.Name, godard.Capacity));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void A_name_over_200_characters_is_no_name_so_that_its_message_stays_small(int length, bool kept)
    {
        var name = new string('é', length);
        var tree = Fixture.Only(Fixture.InformationTree(), "16107");
        Fixture.Entry(tree, "16107")["name"] = name;

        var godard = Assert.Single(StationInformation.Parse(Fixture.Bytes(tree), StationSelection.Everything).Stations);

        Assert.Equal(kept ? name : null, godard.Name);
        Assert.Equal(48.865983, godard.Lat);
    }

    [Fact]
    public void Station_ids_beyond_32_bits_are_kept_whole()
    {
        var status = StationStatus.Parse(Fixture.Status, StationSelection.Everything);

        Assert.Contains(status.Stations, s => s.StationId == 19179944124);
        Assert.True(status.Stations.Count(s => s.StationId > int.MaxValue) > 100);
    }

    [Fact]
    public void An_older_information_file_parses_too()
    {
        var information = StationInformation.Parse(File.ReadAllBytes(Fixture.Information2023Path), StationSelection.Everything);

        Assert.Equal(1468, information.Stations.Count);
    }

    [Fact]
    public void Station_code_with_a_suffix_is_a_distinct_station()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "11031", "16107");
        var relais = Fixture.Entry(tree, "16107");
        relais["stationCode"] = "11031_relais";
        relais["num_bikes_available"] = 2;

        var selected = StationStatus.Parse(Fixture.Bytes(tree), StationSelection.Parse("11031_relais"));

        Assert.Equal("11031_relais", Assert.Single(selected.Stations).StationCode);
        Assert.Equal(2, selected.Stations[0].BikesAvailable);
    }

    [Fact]
    public void CamelCase_duplicates_are_used_only_when_the_gbfs_name_is_absent()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        entry["numBikesAvailable"] = 99;
        Assert.Equal(5, Parse(tree).BikesAvailable);

        entry.Remove("num_bikes_available");
        entry.Remove("num_docks_available");
        var fallback = Parse(tree);
        Assert.Equal(99, fallback.BikesAvailable);
        Assert.Equal(30, fallback.DocksAvailable);
    }

    [Fact]
    public void Bike_types_are_read_from_the_list_of_single_key_objects_or_from_one_object()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        Assert.Equal((1, 4), (Parse(tree).Mechanical, Parse(tree).Electric));

        entry["num_bikes_available_types"] = new JsonObject { ["ebike"] = 4, ["mechanical"] = 1 };
        var fromObject = Parse(tree);
        Assert.Equal((1, 4, true), (fromObject.Mechanical, fromObject.Electric, fromObject.HasBikeTypes));
    }

    [Theory]
    [InlineData("""[{"mechanical":1},{"mechanical":2},{"ebike":4}]""", 3, 4)]
    [InlineData("""[{"mechanical":1,"ebike":1},{"ebike":3}]""", 1, 4)]
    [InlineData("""[{"mechanical":1},{"mechanical":null},{"ebike":4},{"ebike":"2"}]""", 1, 4)] // an unreadable repeat adds nothing
    public void A_bike_type_given_in_several_objects_of_the_list_is_summed(string types, int mechanical, int electric)
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        Fixture.Entry(tree, "16107")["num_bikes_available_types"] = JsonNode.Parse(types);

        var status = Parse(tree);

        Assert.Equal((mechanical, electric, true), (status.Mechanical, status.Electric, status.HasBikeTypes));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(-2, 0)]
    public void Unknown_bike_types_are_counted_apart_and_named_a_negative_count_as_zero(int given, int counted)
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        Fixture.Entry(tree, "16107")["num_bikes_available_types"] = JsonNode.Parse($$"""[{"mechanical":1},{"ebike":4},{"cargo":{{given}}}]""");

        var status = Parse(tree);

        Assert.Equal(new Dictionary<string, long> { ["cargo"] = counted }, status.OtherTypes);
        Assert.Equal((1, 4), (status.Mechanical, status.Electric));
    }

    [Fact]
    public void Several_unknown_bike_types_are_each_counted_and_a_repeated_one_summed()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        Fixture.Entry(tree, "16107")["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":1},{"cargo":2},{"ebike":4},{"tandem":1},{"cargo":3}]""");

        var status = Parse(tree);

        Assert.Equal(new Dictionary<string, long> { ["cargo"] = 5, ["tandem"] = 1 }, status.OtherTypes);
        Assert.Equal((1, 4), (status.Mechanical, status.Electric));
    }

    [Fact]
    public void Information_values_of_an_unexpected_kind_read_as_absent()
    {
        var tree = Fixture.Only(Fixture.InformationTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        entry["name"] = 42;
        entry["lat"] = "48.865983";
        entry["capacity"] = "35";

        var godard = Assert.Single(StationInformation.Parse(Fixture.Bytes(tree), StationSelection.Everything).Stations);

        Assert.Equal(("16107", null, null, null, null), (godard.StationCode, godard.Name, godard.Lat, godard.Lon, godard.Capacity));
        Assert.Equal(213688169, godard.StationId);
    }

    [Fact]
    public void Missing_optional_fields_read_as_null()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        foreach (var field in new[] { "num_bikes_available_types", "num_docks_available", "numDocksAvailable", "is_installed", "last_reported", "station_id", "station_opening_hours" })
        {
            entry.Remove(field);
        }

        var status = Parse(tree);

        Assert.False(status.HasBikeTypes);
        Assert.Null(status.Mechanical);
        Assert.Null(status.DocksAvailable);
        Assert.Null(status.IsInstalled);
        Assert.Null(status.LastReported);
        Assert.Null(status.StationId);
        Assert.Equal(5, status.BikesAvailable);
    }

    [Fact]
    public void Flags_are_read_as_0_1_or_as_booleans()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        entry["is_renting"] = false;
        entry["is_returning"] = 0;
        entry["is_installed"] = true;

        var status = Parse(tree);

        Assert.Equal((true, false, false), (status.IsInstalled, status.IsRenting, status.IsReturning));
    }

    [Fact]
    public void A_numeric_or_escaped_station_code_is_read_as_text()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107", "32017");
        Fixture.Entry(tree, "16107")["stationCode"] = 16107;
        var bytes = Fixture.Bytes(tree);
        var escaped = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"32017\"", "\"\\u0033\\u0032017\"", StringComparison.Ordinal));

        var status = StationStatus.Parse(escaped, StationSelection.Parse(StationSelection.DefaultCodes));

        Assert.Equal(["16107", "32017"], status.Stations.Select(s => s.StationCode));
    }

    [Theory]
    [InlineData("16107.0")]
    [InlineData("1.6107e4")]
    [InlineData("161070E-1")]
    public void A_numeric_station_code_written_with_a_fraction_part_or_an_exponent_is_its_whole_number(string spelling)
    {
        var body = $$$"""{"data":{"stations":[{"stationCode":{{{spelling}}},"num_bikes_available":5}]}}""";

        var status = StationStatus.Parse(System.Text.Encoding.UTF8.GetBytes(body), StationSelection.Parse(StationSelection.DefaultCodes));

        Assert.Equal("16107", Assert.Single(status.Stations).StationCode);
    }

    [Fact]
    public void Values_of_an_unexpected_kind_read_as_absent_and_the_camelCase_duplicate_fills_in()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        entry["station_id"] = "213688169";
        entry["num_bikes_available"] = 5.5;
        entry["numBikesAvailable"] = 7; // unlike the GBFS value, so that which one was read shows
        entry["num_docks_available"] = JsonNode.Parse("[30]");
        entry["numDocksAvailable"] = 29;
        entry["is_installed"] = true;
        entry["is_renting"] = 2;
        entry["is_returning"] = null;
        entry["num_bikes_available_types"] = JsonNode.Parse("""{"mechanical":1,"ebike":4,"cargo":2}""");

        var status = Assert.Single(StationStatus.Parse(Fixture.Bytes(tree), StationSelection.Parse(StationSelection.DefaultCodes)).Stations);

        Assert.Equal(213688169, status.StationId);
        Assert.Equal(7, status.BikesAvailable); // 5.5 is not whole: the camelCase duplicate is used
        Assert.Equal(29, status.DocksAvailable); // a list is not a count: the camelCase duplicate is used
        Assert.Equal((true, null, null), (status.IsInstalled, status.IsRenting, status.IsReturning));
        Assert.Equal((1, 4), (status.Mechanical, status.Electric));
        Assert.Equal(new Dictionary<string, long> { ["cargo"] = 2 }, status.OtherTypes);
    }

    /// <summary>A number is an id when it is whole and fits 64 bits, however written; past them it is none (a count is held at the end of the range, an id is not); text is one when it is digits alone; any other value is none.</summary>
    [Theory]
    [InlineData("\"213688169\"", 213688169L)]
    [InlineData("\"-1\"", null)]
    [InlineData("\"+7\"", null)]
    [InlineData("\" 7\"", null)]
    [InlineData("\"7 \"", null)]
    [InlineData("\"7.0\"", null)]
    [InlineData("213688169.0", 213688169L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("9223372036854775807.0", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    [InlineData("-9223372036854775809", null)]
    [InlineData("18446744073709551615", null)]
    [InlineData("1e20", null)]
    [InlineData("7.5", null)]
    [InlineData("true", null)]
    [InlineData("null", null)]
    [InlineData("[7]", null)]
    [InlineData("{}", null)]
    public void A_station_id_is_a_whole_number_of_64_bits_and_anything_else_is_none_with_the_station_kept(string json, long? expected)
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        Fixture.Entry(tree, "16107")["station_id"] = JsonNode.Parse(json);

        var status = Parse(tree);

        Assert.Equal(expected, status.StationId);
        Assert.Equal((5, 30), (status.BikesAvailable, status.DocksAvailable));
    }

    /// <summary>A capacity is read when it is a whole number from 0 to an int's largest; below 0 or past it, none, never a wrapped number.</summary>
    [Theory]
    [InlineData("35.0", 35)]
    [InlineData("0", 0)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("2147483648", null)]
    [InlineData("-1", null)]
    [InlineData("-2147483649", null)]
    [InlineData("4294967331", null)] // 2^32 + 35: cast to an int, 35
    [InlineData("35.5", null)]
    public void A_capacity_is_a_whole_number_from_0_that_fits_an_int_and_is_none_past_it(string json, int? expected)
    {
        var tree = Fixture.Only(Fixture.InformationTree(), "16107");
        Fixture.Entry(tree, "16107")["capacity"] = JsonNode.Parse(json);

        var godard = Assert.Single(StationInformation.Parse(Fixture.Bytes(tree), StationSelection.Everything).Stations);

        Assert.Equal(expected, godard.Capacity);
        Assert.Equal("Benjamin Godard - Victor Hugo", godard.Name);
    }

    [Fact]
    public void A_repeated_field_counts_by_its_last_value()
    {
        var text = System.Text.Encoding.UTF8.GetString(Fixture.Bytes(Fixture.Only(Fixture.InformationTree(), "16107")))
            .Replace("\"stationCode\":\"16107\"", "\"stationCode\":\"99999\",\"stationCode\":\"16107\"", StringComparison.Ordinal)
            .Replace("\"capacity\":35", "\"capacity\":35,\"capacity\":36", StringComparison.Ordinal);

        var information = Assert.Single(StationInformation.Parse(System.Text.Encoding.UTF8.GetBytes(text), StationSelection.Parse(StationSelection.DefaultCodes)).Stations);

        Assert.Equal(("16107", "Benjamin Godard - Victor Hugo", 36), (information.StationCode, information.Name, information.Capacity));
    }

    [Fact]
    public void A_zero_last_reported_reads_as_absent()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        Fixture.Entry(tree, "16107")["last_reported"] = 0;

        Assert.Null(Parse(tree).LastReported);
    }

    [Fact]
    public void An_entry_without_code_with_an_unusable_one_or_that_is_not_an_object_is_reported_and_the_rest_kept()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107", "32017");
        Fixture.Entry(tree, "16107").Remove("stationCode");
        Fixture.Stations(tree).Add(42);
        Fixture.Stations(tree).Add(new JsonObject { ["stationCode"] = "", ["num_bikes_available"] = 1 });
        Fixture.Stations(tree).Add(new JsonObject { ["stationCode"] = new string('7', 33), ["num_bikes_available"] = 1 });
        Fixture.Stations(tree).Add(new JsonObject { ["stationCode"] = new string('7', 32), ["num_bikes_available"] = 1 });
        Fixture.Stations(tree).Add(new JsonObject { ["stationCode"] = "161\n07", ["num_bikes_available"] = 1 });

        var status = StationStatus.Parse(Fixture.Bytes(tree), StationSelection.Everything);

        Assert.Equal(["32017", new string('7', 32)], status.Stations.Select(s => s.StationCode));
        Assert.Equal(
            [
                new FeedProblem("station_status.json: 2 entries have no stationCode: #0, #3", 2),
                new("station_status.json: entry #2 is not an object", 1),
                new("station_status.json: entry #4 has a stationCode of 33 characters (at most 32)", 1),
                new("station_status.json: entry #6 has a stationCode holding a control character", 1),
            ],
            status.Problems);
    }

    /// <summary>A 16 MiB document of 8.4 million <c>0</c> entries was as many problems held (1.5 GB) and as many warnings.</summary>
    [Fact]
    public void A_flood_of_bad_entries_is_one_problem_per_kind_naming_the_first_ten_and_counting_them_all()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        for (var i = 0; i < 100_000; i++)
        {
            Fixture.Stations(tree).Add(0);
        }

        Fixture.Stations(tree).Add(new JsonObject { ["num_bikes_available"] = 1 });

        var status = StationStatus.Parse(Fixture.Bytes(tree), StationSelection.Everything);

        Assert.Equal(["16107"], status.Stations.Select(s => s.StationCode));
        Assert.Equal(
            [
                new FeedProblem("station_status.json: 100000 entries are not objects: #1, #2, #3, #4, #5, #6, #7, #8, #9, #10 and 99990 more", 100_000),
                new("station_status.json: entry #100001 has no stationCode", 1),
            ],
            status.Problems);
    }

    /// <summary>A code's length is in its problem's text: past ten such texts, the rest are counted as one, still named and counted.</summary>
    [Fact]
    public void Problems_past_the_tenth_kind_are_counted_as_other_problems()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        for (var length = 33; length < 33 + 13; length++)
        {
            Fixture.Stations(tree).Add(new JsonObject { ["stationCode"] = new string('7', length), ["num_bikes_available"] = 1 });
        }

        Fixture.Stations(tree).Add(new JsonObject { ["stationCode"] = new string('7', 33), ["num_bikes_available"] = 1 });

        var problems = StationStatus.Parse(Fixture.Bytes(tree), StationSelection.Everything).Problems;

        Assert.Equal(11, problems.Count);
        Assert.Equal(new FeedProblem("station_status.json: 2 entries have a stationCode of 33 characters (at most 32): #1, #14", 2), problems[0]);
        Assert.Equal(new FeedProblem("station_status.json: entry #10 has a stationCode of 42 characters (at most 32)", 1), problems[9]);
        Assert.Equal(new FeedProblem("station_status.json: 3 entries have other problems (a document's warnings name 10 at most): #11, #12, #13", 3), problems[10]);
        Assert.Equal(14, problems.Sum(p => p.Count));
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "malformed JSON at line 1, byte 1")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"lastUpdatedOther":1,"ttl":3600}""", "not a GBFS station document: no 'data.stations' list")]
    [InlineData("""{"data":{"bikes":[]}}""", "no 'data.stations' list")]
    [InlineData("""{"data":[{"stations":[]}]}""", "not a GBFS station document: no 'data.stations' list")]
    [InlineData("""{"data":{"stations":{}}}""", "no 'data.stations' list")]
    [InlineData("""{"data":{"stations":[]}}""", "the station list is empty")]
    [InlineData("""{"data":{"stations":[{"stationCode":"16107"} /* GBFS is strict JSON */]}}""", "malformed JSON at line 1")]
    [InlineData("""{"data":{"stations":[{"stationCode":"16107"}]}}]""", "malformed JSON at line 1")]
    [InlineData("""{"data":{"stations":[{"num_bikes_available":1}]}}""", "no usable station (station_status.json: entry #0 has no stationCode)")]
    [InlineData("""{"data":{"stations":[1,{"stationCode":"","num_bikes_available":1},{"num_bikes_available":1}]}}""", "no usable station (station_status.json: entry #0 is not an object, and 2 more)")]
    [InlineData("\0\0\0\0", "malformed JSON at line 1, byte 1: '0x00' is an invalid start of a value. (starts with blanks or control characters)")]
    [InlineData("", "when isFinalBlock is true. (empty body)")]
    public void A_document_that_is_not_a_status_feed_is_a_format_error(string body, string expected)
    {
        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse(System.Text.Encoding.UTF8.GetBytes(body), StationSelection.Parse(StationSelection.DefaultCodes)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("station_status.json: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>The start of the body is shown only for an error at its first byte (an HTML page, say): past it, the place is enough.</summary>
    [Fact]
    public void Malformed_JSON_past_the_first_byte_is_named_by_its_place_alone()
    {
        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse("""{"data":{"stations":[{"stationCode":"16107"}]}}]"""u8.ToArray(), StationSelection.Everything));

        Assert.Equal("station_status.json: malformed JSON at line 1, byte 48: ']' is invalid after a single JSON value. Expected end of data.", error.Message);
    }

    /// <summary>The parser quotes a broken literal with the whole rest of the document: the message keeps 40 characters of it.</summary>
    [Fact]
    public void A_broken_literal_in_the_recorded_feed_is_named_in_a_short_line()
    {
        var text = System.Text.Encoding.UTF8.GetString(Fixture.Status);
        var at = text.IndexOf("\"is_installed\":1", StringComparison.Ordinal);
        var typo = System.Text.Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at), "\"is_installed\":tru", text.AsSpan(at + 16)));

        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse(typo, StationSelection.Everything));

        Assert.Equal(
            "station_status.json: malformed JSON at line 1, byte 258: 'tru,\"is_returning\":1,\"is_renting\":1,\"las…' is an invalid JSON literal. Expected the literal 'true'.",
            error.Message);
    }

    /// <summary>The quote is never cut inside a surrogate pair: a bicycle after 39 characters is left out whole.</summary>
    [Fact]
    public void A_broken_literal_quoted_up_to_an_emoji_is_cut_before_it()
    {
        var document = $$$"""{"data":{"stations":[{"stationCode":"1","is_installed":tru,"name":"{{{new string('x', 27)}}}🚲 and more"}]}}""";

        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse(System.Text.Encoding.UTF8.GetBytes(document), StationSelection.Everything));

        Assert.EndsWith($"'tru,\"name\":\"{new string('x', 27)}…' is an invalid JSON literal. Expected the literal 'true'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_documents_are_named_as_such_even_when_an_entry_lacks_the_member()
    {
        // The information document given as the status one; one of its entries has no position.
        var information = Fixture.Only(Fixture.InformationTree(), "16107", "32017");
        Fixture.Entry(information, "32017").Remove("lat");

        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse(Fixture.Bytes(information), StationSelection.Everything));

        Assert.Equal(
            "station_status.json: this is a station_information.json document, not station_status.json (its entries have 'lat', none has 'num_bikes_available'): were the two documents swapped?",
            error.Message);
    }

    [Theory]
    [InlineData("num_vehicles_available")]
    [InlineData(null)]
    public void A_status_document_whose_entries_all_lack_the_bike_count_is_a_format_error_not_every_station_rejected(string? renamedTo)
    {
        // The recorded feed in GBFS 3's shape (num_vehicles_available), or with no count at all; no entry keeps Vélib's camelCase twin.
        var status = Fixture.StatusTree();
        foreach (var entry in Fixture.Stations(status).Select(e => e!.AsObject()))
        {
            if (renamedTo is not null)
            {
                entry[renamedTo] = entry["num_bikes_available"]!.DeepClone();
            }

            entry.Remove("num_bikes_available");
            entry.Remove("numBikesAvailable");
        }

        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse(Fixture.Bytes(status), StationSelection.Everything));

        Assert.Equal("station_status.json: none of its 1495 entries has a bike count ('num_bikes_available' or 'numBikesAvailable')", error.Message);
    }

    [Fact]
    public void An_html_error_page_is_named_as_such()
    {
        var error = Assert.Throws<FeedFormatException>(() => StationInformation.Parse("<html>Service Unavailable</html>"u8.ToArray(), StationSelection.Parse(StationSelection.DefaultCodes)));

        Assert.Contains("starts with '<html>Service Unavailable</html>'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "16107")]
    [InlineData("status", "32017")]
    [InlineData("information", "16107")]
    [InlineData("information", "32017")]
    public void Text_that_is_not_UTF_8_is_a_format_error_whether_its_station_is_kept_or_not(string feed, string kept)
    {
        var tree = feed == "status" ? Fixture.Only(Fixture.StatusTree(), "16107", "32017") : Fixture.Only(Fixture.InformationTree(), "16107", "32017");
        if (feed == "status")
        {
            Fixture.Entry(tree, "16107")["num_bikes_available_types"] = JsonNode.Parse("""[{"mechanical":1},{"ebike":4},{"c@rgo":2}]""");
        }
        else
        {
            Fixture.Entry(tree, "16107")["name"] = "Benjamin Godard - Victor Hug@";
        }

        var bytes = Fixture.Bytes(tree);
        bytes[Array.IndexOf(bytes, (byte)'@')] = 0xE9; // 'é' in Latin-1: not UTF-8
        var selection = StationSelection.Parse(kept);

        var error = feed == "status"
            ? Assert.Throws<FeedFormatException>(() => StationStatus.Parse(bytes, selection))
            : Assert.Throws<FeedFormatException>(() => StationInformation.Parse(bytes, selection));
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An escaped lone surrogate parses but cannot be read as text: it cost the whole document, every station.</summary>
    [Theory]
    [InlineData("status", "\"stationCode\":\"16107\"", "\"stationCode\":\"\\uD800\"")]
    [InlineData("status", "{\"mechanical\":1}", "{\"c\\uD800rgo\":1}")]
    [InlineData("information", "\"Benjamin Godard - Victor Hugo\"", "\"Godard \\uDC00\"")]
    public void An_escaped_lone_surrogate_leaves_out_its_entry_alone(string feed, string text, string unreadable)
    {
        var tree = feed == "status" ? Fixture.Only(Fixture.StatusTree(), "16107", "32017") : Fixture.Only(Fixture.InformationTree(), "16107", "32017");
        var json = tree.ToJsonString();
        Assert.Contains(text, json, StringComparison.Ordinal);
        var bytes = System.Text.Encoding.UTF8.GetBytes(json.Replace(text, unreadable, StringComparison.Ordinal));

        var (codes, problems) = feed == "status" ? Read(StationStatus.Parse(bytes, StationSelection.Everything), e => e.StationCode) : Read(StationInformation.Parse(bytes, StationSelection.Everything), e => e.StationCode);

        Assert.Equal(["32017"], codes);
        var (problem, count) = Assert.Single(problems);
        Assert.Equal(1, count);
        Assert.StartsWith($"station_{feed}.json: entry #0 has text that cannot be read (Cannot read ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);

        static (IEnumerable<string> Codes, IReadOnlyList<FeedProblem> Problems) Read<T>(GbfsDocument<T> document, Func<T, string> code) => (document.Stations.Select(code), document.Problems);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(228_000)]
    [InlineData(456_890)]
    public void A_document_cut_anywhere_is_a_format_error(int length)
    {
        var cut = Fixture.Status.AsSpan(0, length).ToArray();

        var error = Assert.Throws<FeedFormatException>(() => StationStatus.Parse(cut, StationSelection.Parse(StationSelection.DefaultCodes)));

        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    private static StationStatus Parse(JsonObject tree) =>
        Assert.Single(StationStatus.Parse(Fixture.Bytes(tree), StationSelection.Everything).Stations);
}
