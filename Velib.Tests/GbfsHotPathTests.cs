using System.Text.Json.Nodes;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Gbfs;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// The parsers' fast paths (README, "Performance") read exactly what the plain reading did: a status entry's values
/// are converted only once its code is known to be kept, and an information entry whose code is not kept is only
/// stepped over.
/// </summary>
public class GbfsHotPathTests
{
    private static readonly string[] Codes = ["16107", "32017", "11031", "40001", "12126"];

    [Fact]
    public void A_station_reads_the_same_whether_it_is_selected_alone_or_with_every_station()
    {
        var everyStatus = StationStatusParser.Parse(Fixture.Status, StationSelection.Everything).Stations.ToDictionary(s => s.StationCode);
        var everyInformation = StationInformationParser.Parse(Fixture.Information, StationSelection.Everything).Stations.ToDictionary(s => s.StationCode);

        foreach (var code in Codes)
        {
            var selection = StationSelection.Parse(code);
            var status = Assert.Single(StationStatusParser.Parse(Fixture.Status, selection).Stations);
            var information = Assert.Single(StationInformationParser.Parse(Fixture.Information, selection).Stations);
            Assert.Equal(everyStatus[code] with { OtherTypes = [] }, status with { OtherTypes = [] });
            Assert.Equal(everyInformation[code], information);
        }
    }

    [Fact]
    public void Values_of_every_kind_convert_as_before_when_the_code_comes_last()
    {
        var tree = Fixture.Only(Fixture.StatusTree(), "16107");
        var entry = Fixture.Entry(tree, "16107");
        entry["station_id"] = "213688169";
        entry["num_bikes_available"] = 5.5;
        entry["num_docks_available"] = JsonNode.Parse("[30]");
        entry["is_installed"] = true;
        entry["is_renting"] = 2;
        entry["is_returning"] = null;
        entry["num_bikes_available_types"] = JsonNode.Parse("""{"mechanical":1,"ebike":4,"cargo":2}""");

        var status = Assert.Single(StationStatusParser.Parse(Fixture.Bytes(tree), StationSelection.Default).Stations);

        Assert.Equal(213688169, status.StationId);
        Assert.Equal(5, status.BikesAvailable); // 5.5 is not whole: the camelCase duplicate is used
        Assert.Equal(30, status.DocksAvailable); // a list is not a count: the camelCase duplicate is used
        Assert.Equal((true, null, null), (status.IsInstalled, status.IsRenting, status.IsReturning));
        Assert.Equal((1, 4, 2), (status.Mechanical, status.Electric, status.OtherTypeBikes));
        Assert.Equal(["cargo"], status.OtherTypes);
    }

    [Fact]
    public void In_information_a_repeated_code_still_decides_even_after_a_code_that_is_not_kept()
    {
        var text = System.Text.Encoding.UTF8.GetString(Fixture.Bytes(Fixture.Only(Fixture.InformationTree(), "16107")))
            .Replace("\"stationCode\":\"16107\"", "\"stationCode\":\"99999\",\"stationCode\":\"16107\"", StringComparison.Ordinal);

        var information = Assert.Single(StationInformationParser.Parse(System.Text.Encoding.UTF8.GetBytes(text), StationSelection.Default).Stations);

        Assert.Equal(("16107", "Benjamin Godard - Victor Hugo", 35), (information.StationCode, information.Name, information.Capacity));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("information")]
    public void Text_that_is_not_UTF_8_in_a_kept_station_is_a_format_error(string feed)
    {
        var tree = feed == "status" ? Fixture.Only(Fixture.StatusTree(), "16107") : Fixture.Only(Fixture.InformationTree(), "16107");
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

        var error = feed == "status"
            ? Assert.Throws<FeedFormatException>(() => StationStatusParser.Parse(bytes, StationSelection.Default))
            : Assert.Throws<FeedFormatException>(() => StationInformationParser.Parse(bytes, StationSelection.Default));
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }
}
