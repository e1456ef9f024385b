using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary><c>velib map</c> on the recorded feeds: the same numbers as <c>run</c>, as GeoJSON and as a self-contained page.</summary>
public class MapCommandTests
{
    private static readonly GeometryFactory Factory = new();

    [Fact]
    public async Task Geojson_areas_carry_the_totals_of_run_and_points_the_station_messages()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "all", .. VelibInProcess.Recorded]);
        var (_, snapshot, _) = await VelibInProcess.RunAsync(["snapshot", "--stations", "all", .. VelibInProcess.Recorded]);

        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", "--format", "geojson", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var collection = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal("FeatureCollection", (string?)collection["type"]);
        var features = collection["features"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.All(features, f => Assert.Equal("Feature", (string?)f["type"]));
        var areas = features.Where(f => (string?)f["properties"]!["kind"] == "postcode").ToList();
        var points = features.Where(f => (string?)f["properties"]!["kind"] == "station").ToList();
        Assert.Equal(features.Count, areas.Count + points.Count);

        Assert.Equal(Lines(run).Select(t => t.ToJsonString()), areas.Select(Properties));
        Assert.All(areas, a => Assert.Contains((string?)a["geometry"]!["type"], new[] { "Polygon", "MultiPolygon" }));
        Assert.Equal(Lines(snapshot).Select(m => m.ToJsonString()), points.Select(Properties));
        Assert.All(points, p => Assert.Equal(
            [Math.Round((double)p["properties"]!["lon"]!, 6), Math.Round((double)p["properties"]!["lat"]!, 6)],
            p["geometry"]!["coordinates"]!.AsArray().Select(c => (double)c!)));
    }

    [Fact]
    public async Task Geojson_polygons_are_valid_lon_lat_rings_by_the_right_hand_rule()
    {
        var (_, stdout, _) = await VelibInProcess.RunAsync(["map", "--format", "geojson", .. VelibInProcess.Recorded]);

        var geometries = JsonNode.Parse(stdout)!["features"]!.AsArray().Select(f => f!["geometry"]!).Where(g => (string?)g["type"] != "Point").ToList();

        Assert.Equal(85, geometries.Count);
        foreach (var geometry in geometries)
        {
            var polygons = (string?)geometry["type"] == "Polygon" ? [geometry["coordinates"]!.AsArray()] : geometry["coordinates"]!.AsArray().Select(p => p!.AsArray()).ToList();
            var shapes = polygons.Select(rings =>
            {
                var parsed = rings.Select(Ring).ToList();
                Assert.True(Orientation.IsCCW(parsed[0].CoordinateSequence), "an exterior ring is clockwise");
                Assert.All(parsed.Skip(1), hole => Assert.False(Orientation.IsCCW(hole.CoordinateSequence), "a hole is counter-clockwise"));
                return Factory.CreatePolygon(parsed[0], [.. parsed.Skip(1)]);
            }).ToArray();
            var shape = shapes.Length == 1 ? (Geometry)shapes[0] : Factory.CreateMultiPolygon(shapes);
            Assert.True(shape.IsValid);
            Assert.All(shape.Coordinates, c => Assert.True(c.X is > 2.1 and < 2.6 && c.Y is > 48.7 and < 49.0, $"{c} is not (lon, lat) in Paris"));
        }
    }

    [Fact]
    public async Task The_page_makes_no_request_escapes_every_name_and_has_an_area_and_a_row_per_total()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "all", .. VelibInProcess.Recorded]);

        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var page = new HtmlParser().ParseDocument(stdout);
        Assert.Empty(page.QuerySelectorAll("script, link, img, iframe, object, embed, image, use, [src], [href], [srcset]"));
        Assert.DoesNotContain("url(", page.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", page.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
        var postcodes = Lines(run).Select(t => (string)t["postcode"]!).ToList();
        Assert.Equal(postcodes, page.QuerySelectorAll("svg path[data-postcode]").Select(p => p.GetAttribute("data-postcode")));
        Assert.Equal(postcodes, page.QuerySelectorAll("table tbody tr[data-postcode]").Select(p => p.GetAttribute("data-postcode")));
        Assert.Contains(page.QuerySelectorAll("svg .stations title"), t => t.TextContent.Contains("Quai de l'Horloge - Pont Neuf", StringComparison.Ordinal));
        Assert.Contains(page.QuerySelectorAll("svg .stations title"), t => t.TextContent.Contains("Petites Ecuries - Faubourg Poissonnière", StringComparison.Ordinal));
        Assert.Equal(1495, page.QuerySelectorAll("svg .stations > *").Length);
        Assert.Equal(84, page.QuerySelectorAll("svg .stations > .unresolved").Length);
    }

    [Theory]
    [InlineData("10018", "#440154")] // 75010 alone, with no bike: the bottom of the scale, not its top
    [InlineData("10018,11019", "#440154")] // two postcodes, both without a bike
    [InlineData("10018,16107", "#440154")] // 0 and 5 bikes: 0 at the bottom
    public async Task An_area_without_bikes_is_coloured_as_few_even_when_every_total_is_the_same(string stations, string fill)
    {
        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", "--stations", stations, .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var page = new HtmlParser().ParseDocument(stdout);
        var empty = page.QuerySelectorAll("table tbody tr[data-postcode]").Where(r => r.QuerySelectorAll("td")[1].TextContent == "0").Select(r => r.GetAttribute("data-postcode")).ToList();
        Assert.NotEmpty(empty);
        Assert.All(empty, postcode => Assert.Equal(fill, page.QuerySelector($"svg path[data-postcode='{postcode}']")!.GetAttribute("fill")));
    }

    [Fact]
    public async Task Stations_default_to_all_below_the_environment_and_the_options()
    {
        static async Task<int> Areas(string[] options, Dictionary<string, string?>? environment = null)
        {
            var (code, stdout, stderr) = await VelibInProcess.RunAsync(["map", "--format", "geojson", .. options, .. VelibInProcess.Recorded], environment);
            Assert.True(code == 0, stderr);
            return JsonNode.Parse(stdout)!["features"]!.AsArray().Count(f => (string?)f!["properties"]!["kind"] == "postcode");
        }

        Assert.Equal(85, await Areas([]));
        Assert.Equal(1, await Areas([], new() { ["Velib__Stations"] = "16107" }));
        Assert.Equal(1, await Areas([], new() { ["VELIB__STATIONS"] = "16107" })); // the prefix in any case
        Assert.Equal(2, await Areas(["--stations", "16107,32017"], new() { ["Velib__Stations"] = "16107" }));
    }

    [Fact]
    public async Task Stations_without_position_are_reported_once_and_drawn_nowhere()
    {
        string[] options = ["--status", Fixture.StatusPath, "--information", Fixture.Information2023Path, "--geocoder", "off"];

        var (_, geojson, stderr) = await VelibInProcess.RunAsync(["map", "--format", "geojson", .. options]);
        var (_, html, _) = await VelibInProcess.RunAsync(["map", .. options]);

        var stations = JsonNode.Parse(geojson)!["features"]!.AsArray().Where(f => (string?)f!["properties"]!["kind"] == "station").ToList();
        var unplaced = stations.Where(s => s!["geometry"] is null).ToList();
        Assert.NotEmpty(unplaced);
        Assert.All(unplaced, s => Assert.Null(s!["properties"]!["lat"]));
        var warning = Assert.Single(stderr.Split('\n'), line => line.Contains("have no position", StringComparison.Ordinal));

        // Named up to ten, then an ellipsis.
        var codes = unplaced.Select(s => (string)s!["properties"]!["stationCode"]!).ToList();
        Assert.True(codes.Count > 10, $"{codes.Count} unplaced");
        Assert.Equal($"velib: warning: {codes.Count} stations have no position, so no dot and no part in any area: {string.Join(", ", codes.Take(10))}, …", warning);
        Assert.Equal(stations.Count - unplaced.Count, new HtmlParser().ParseDocument(html).QuerySelectorAll("svg .stations > *").Length);

        // A total none of whose stations has a position has no area: 93120 with the 2023 positions.
        var placed = stations.Where(s => s!["geometry"] is not null).Select(s => (string?)s!["properties"]!["postcode"]).ToHashSet();
        var totals = JsonNode.Parse(geojson)!["features"]!.AsArray().Where(f => (string?)f!["properties"]!["kind"] == "postcode").ToList();
        Assert.Equal(["93120"], totals.Where(t => t!["geometry"] is null).Select(t => (string?)t!["properties"]!["postcode"]));
        Assert.All(totals, t => Assert.Equal(placed.Contains((string?)t!["properties"]!["postcode"]), t!["geometry"] is not null));
    }

    [Fact]
    public async Task An_unknown_format_is_a_usage_error()
    {
        var (code, stdout, stderr) = await VelibInProcess.RunAsync(["map", "--format", "svg", .. VelibInProcess.Recorded]);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal(["velib: --format: 'svg' is not html or geojson", "velib: try 'velib --help'"], stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Help_gives_map_s_own_default_stations()
    {
        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", "--help"]);

        Assert.Equal(0, code);
        var stations = Assert.Single(stdout.Split('\n'), line => line.TrimStart().StartsWith("--stations", StringComparison.Ordinal));
        Assert.EndsWith("or 'all' [default: all]", stations.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>A feature's properties as the contract's JSON: without the map's own <c>kind</c>, same fields in the same order.</summary>
    private static string Properties(JsonObject feature)
    {
        var properties = feature["properties"]!.DeepClone().AsObject();
        properties.Remove("kind");
        return properties.ToJsonString();
    }

    private static List<JsonObject> Lines(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())];

    private static LinearRing Ring(JsonNode? ring) =>
        Factory.CreateLinearRing([.. ring!.AsArray().Select(p => new Coordinate((double)p![0]!, (double)p[1]!))]);
}
