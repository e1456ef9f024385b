using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Velib.Cli.Map;
using Velib.Core.Map;
using Velib.Core.Messages;
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
    public async Task Geojson_polygons_are_valid_lon_lat_rings_by_the_right_hand_rule_and_the_areas_holes_included()
    {
        var (_, stdout, _) = await VelibInProcess.RunAsync(["map", "--format", "geojson", .. VelibInProcess.Recorded]);
        var areas = PostcodeAreas.Build(await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded])).ToDictionary(a => a.Postcode, a => a.Area);

        var features = JsonNode.Parse(stdout)!["features"]!.AsArray().Where(f => (string?)f!["geometry"]!["type"] != "Point").ToList();

        Assert.Equal(85, features.Count);
        Assert.Equal(3, areas.Values.Sum(a => Enumerable.Range(0, a.NumGeometries).Sum(i => ((Polygon)a.GetGeometryN(i)).NumInteriorRings)));
        foreach (var feature in features)
        {
            var geometry = feature!["geometry"]!;
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
            Assert.True(shape.EqualsTopologically(areas[(string)feature["properties"]!["postcode"]!]), $"{feature["properties"]!["postcode"]} is not its area");
            Assert.All(shape.Coordinates, c => Assert.True(c.X is > 2.1 and < 2.6 && c.Y is > 48.7 and < 49.0, $"{c} is not (lon, lat) in Paris"));
        }
    }

    /// <summary>Rings written by the right-hand rule whichever way they come: as they are when they follow it, reversed when not.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Geojson_rings_follow_the_right_hand_rule_whichever_way_the_area_s_rings_turn(bool against)
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", .. VelibInProcess.Recorded]);
        var totals = JsonSerializer.Deserialize(run.Split('\n')[0], MessageJson.PostcodeTotals)!;
        double[][] shell = [[2.30, 48.80], [2.40, 48.80], [2.40, 48.90], [2.30, 48.90], [2.30, 48.80]]; // counter-clockwise
        double[][] hole = [[2.33, 48.83], [2.33, 48.87], [2.37, 48.87], [2.37, 48.83], [2.33, 48.83]]; // clockwise
        LinearRing Turned(double[][] ring) => Factory.CreateLinearRing([.. (against ? ring.Reverse() : ring).Select(p => new Coordinate(p[0], p[1]))]);
        var map = new NetworkMap(totals.Tick, [totals], [], new Dictionary<string, Geometry> { [totals.Postcode] = Factory.CreatePolygon(Turned(shell), [Turned(hole)]) });

        using var output = new StringWriter();
        GeoJsonMap.Write(output, map);

        var rings = JsonNode.Parse(output.ToString())!["features"]![0]!["geometry"]!["coordinates"]!.AsArray();
        Assert.Equal([shell, hole], rings.Select(ring => ring!.AsArray().Select(p => new[] { (double)p![0]!, (double)p[1]! }).ToArray()));
    }

    [Fact]
    public async Task The_page_makes_no_request_escapes_every_name_and_has_an_area_and_a_row_per_total()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "all", .. VelibInProcess.Recorded]);

        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var page = new HtmlParser().ParseDocument(stdout);
        Assert.Empty(page.QuerySelectorAll("script, link, img, iframe, object, embed, image, use, [src], [srcset]"));
        Assert.All(page.QuerySelectorAll("[href]"), link => Assert.Equal("tr", page.GetElementById(link.GetAttribute("href")!.TrimStart('#'))?.LocalName)); // links within the page only
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

    /// <summary>
    /// What the page draws says what the data says: the header's sums are run's; the ramp is viridis in even steps, each
    /// legend tick where its value falls on the log scale, each area's fill between the two steps around its total; the
    /// scale bar as long as its distance between two stations; labels only where they fit, light on the dark areas; each dot
    /// named with its postcode; all of it inside the view.
    /// </summary>
    [Fact]
    public async Task The_page_s_numbers_legend_fills_scale_bar_labels_and_dots_are_true_to_the_data()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "all", .. VelibInProcess.Recorded]);
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded]);
        var (code, html, stderr) = await VelibInProcess.RunAsync(["map", .. VelibInProcess.Recorded]);
        var (_, twoStations, _) = await VelibInProcess.RunAsync(["map", "--stations", "16107,32017", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        Assert.DoesNotContain("no usable position", stderr, StringComparison.Ordinal);
        var page = new HtmlParser().ParseDocument(html);
        var totals = Lines(run).ToDictionary(t => (string)t["postcode"]!, t => t);
        int Sum(string field) => totals.Values.Sum(t => (int)t[field]!);
        var header = page.QuerySelector("header p")!.TextContent;
        Assert.StartsWith(FormattableString.Invariant($"{totals.Count:N0} postcodes, {Sum("stationCount"):N0} stations: {Sum("mechanicalBikes"):N0} mechanical and {Sum("electricBikes"):N0} electric bikes, {Sum("docksAvailable"):N0} free docks."), header, StringComparison.Ordinal);
        Assert.EndsWith($" {stations.Count(s => s.Postcode is null)} stations without postcode are in no total (◆).", header, StringComparison.Ordinal);
        Assert.DoesNotContain("without postcode", new HtmlParser().ParseDocument(twoStations).QuerySelector("header p")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".legend .unresolved"));
        Assert.Null(new HtmlParser().ParseDocument(twoStations).QuerySelector(".legend .unresolved")); // no ◆ to explain

        // Drawn in this order: the labels over the dots, which would hide their digits.
        Assert.Equal(["areas", "stations", "labels", "scale"], page.QuerySelectorAll("svg.map > g").Select(g => g.GetAttribute("class")));

        // The ramp: viridis's nine steps at even stops. The ticks: 1, 2, 5, 10… within the totals, each at its log position.
        var ramp = page.QuerySelector(".legend .bar")!.GetAttribute("style")!;
        Assert.Equal("background:linear-gradient(to right,#440154 0%,#472c7a 12.5%,#3b518b 25%,#2c718e 37.5%,#21908d 50%,#27ad81 62.5%,#5cc863 75%,#aadc32 87.5%,#fde725 100%)", ramp);
        var bikes = totals.Values.Select(t => (int)t["totalBikes"]!).ToList();
        var (low, high) = (Math.Max(1, bikes.Min()), bikes.Max());
        var ticks = page.QuerySelectorAll(".legend .tick").Select(t => (Value: int.Parse(t.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Left: Percent(t.GetAttribute("style")!))).ToList();
        Assert.Equal(new[] { 1, 10, 100, 1000, 10_000 }.SelectMany(d => new[] { d, 2 * d, 5 * d }).Where(v => v >= low && v <= high), ticks.Select(t => t.Value));
        Assert.All(ticks, t => Assert.Equal(100 * Math.Log((double)t.Value / low) / Math.Log((double)high / low), t.Left, 0.05));

        // The areas as drawn, each path read once: its fill, its rings (one M each) and its points in view units.
        var drawn = page.QuerySelectorAll("svg .areas path").Select(a => (Postcode: a.GetAttribute("data-postcode")!, Fill: Rgb(a.GetAttribute("fill")!), Rings: a.GetAttribute("d")!.Count(c => c == 'M'), Points: Numbers(a.GetAttribute("d")!, 'M', ' ', 'Z').Chunk(2).ToList())).ToList();

        // Each fill lies, channel by channel, between the two viridis steps around its total's place on the scale.
        string[] steps = [.. ramp.Split(',').Skip(1).Select(stop => stop[..7])];
        foreach (var area in drawn)
        {
            var at = Math.Max(0, 8 * Math.Log(Math.Max(1.0, (int)totals[area.Postcode]["totalBikes"]!) / low) / Math.Log((double)high / low));
            var (from, to) = (Rgb(steps[(int)Math.Floor(at)]), Rgb(steps[(int)Math.Ceiling(at)]));
            Assert.All(Enumerable.Range(0, 3), c => Assert.InRange(area.Fill[c], Math.Min(from[c], to[c]), Math.Max(from[c], to[c])));
        }

        // The scale bar against the distance between the westernmost and easternmost stations, dot to dot.
        var dots = page.QuerySelectorAll("svg .stations circle").ToDictionary(c => c.QuerySelector("title")!.TextContent.Split(' ')[0], c => (X: Number(c.GetAttribute("cx")!), Y: Number(c.GetAttribute("cy")!)));
        var placed = stations.Where(s => dots.ContainsKey(s.StationCode)).OrderBy(s => s.Lon).ToList();
        var (west, east) = (placed[0], placed[^1]);
        var metresApart = Distance(west.Lat!.Value, west.Lon!.Value, east.Lat!.Value, east.Lon!.Value);
        var unitsPerMetre = Math.Sqrt(Math.Pow(dots[east.StationCode].X - dots[west.StationCode].X, 2) + Math.Pow(dots[east.StationCode].Y - dots[west.StationCode].Y, 2)) / metresApart;
        var (barUnits, barMetres, label) = ScaleBar(page);
        Assert.Equal(unitsPerMetre, barUnits / barMetres, unitsPerMetre * 0.01);
        Assert.InRange(barUnits, 0, 1000 / 5); // a fifth of the map's width at most, and the longest of 1-2-5 lengths that fits
        Assert.Contains(barMetres, new[] { 10, 100, 1000, 10_000 }.SelectMany(d => new[] { d, 2 * d, 5 * d }));
        Assert.True(barUnits * (barMetres.ToString(CultureInfo.InvariantCulture)[0] == '2' ? 2.5 : 2) > 1000 / 5, $"a {label} bar of {barUnits} units: the next length fits too");

        // Labels: white text on the darker areas, black on the lighter ones (both kinds on this map), each with at least
        // WCAG AA's 4.5:1 contrast against its area's fill (WCAG 2's relative luminance).
        static double Luminance(int[] rgb) => rgb.Zip([0.2126, 0.7152, 0.0722], (v, w) => w * (v / 255.0 <= 0.04045 ? v / 255.0 / 12.92 : Math.Pow(((v / 255.0) + 0.055) / 1.055, 2.4))).Sum();
        var luminance = drawn.ToDictionary(a => a.Postcode, a => Luminance(a.Fill));
        var labels = page.QuerySelectorAll("svg .labels text").ToLookup(t => t.ClassName, t => (Postcode: t.TextContent, Luminance: luminance[t.TextContent]));
        var css = page.QuerySelector("style")!.TextContent;
        Assert.Contains(".on-dark{fill:#fff;", css, StringComparison.Ordinal);
        Assert.Contains(".on-light{fill:#000;", css, StringComparison.Ordinal);
        Assert.True(labels["on-dark"].Any() && labels["on-light"].Any());
        Assert.All(labels["on-dark"], l => Assert.True(1.05 / (l.Luminance + 0.05) >= 4.5, $"{l.Postcode}: white on a luminance of {l.Luminance:0.###}"));
        Assert.All(labels["on-light"], l => Assert.True((l.Luminance + 0.05) / 0.05 >= 4.5, $"{l.Postcode}: black on a luminance of {l.Luminance:0.###}"));

        // A label only where its box (11-unit type, 0.72 em a digit, 1.2 em high) lies inside its area as drawn (even-odd).
        var labelled = page.QuerySelectorAll("svg .labels text").ToList();
        AssertLabelsInsideTheirAreas(page);
        Assert.Equal(46, labelled.Count); // docs/map.md gives this count: a new labelling rule says its own there

        // Everything drawn lies inside the view; each area drawn with all its rings (holes drawn as holes); the bar
        // inside the margins, its label at its middle.
        var viewBox = Numbers(page.QuerySelector("svg.map")!.GetAttribute("viewBox")!, ' ');
        var (viewWidth, viewHeight) = (viewBox[2], viewBox[3]);
        var areas = PostcodeAreas.Build(stations).ToDictionary(a => a.Postcode, a => a.Area);
        Assert.All(drawn, area =>
        {
            Assert.All(area.Points, p => Assert.True(p[0] is >= 0 && p[0] <= viewWidth && p[1] >= 0 && p[1] <= viewHeight, $"({p[0]}, {p[1]}) is outside the view"));
            var shape = areas[area.Postcode];
            Assert.Equal(Enumerable.Range(0, shape.NumGeometries).Sum(i => 1 + ((Polygon)shape.GetGeometryN(i)).NumInteriorRings), area.Rings);
        });
        // Each dot's centre, a diamond's too, inside the view's 8-unit margins: the view takes in the stations, not only the areas.
        var diamonds = page.QuerySelectorAll("svg .stations .unresolved").Select(d => Numbers(d.GetAttribute("d")!.Split('l')[0], 'M', ' ')).Select(top => (X: top[0], Y: top[1] + 3));
        Assert.All(dots.Values.Concat(diamonds), dot => Assert.True(dot.X >= 8 && dot.X <= viewWidth - 8 && dot.Y >= 8 && dot.Y <= viewHeight - 8, $"({dot.X}, {dot.Y}) is outside the margins"));
        var corner = Numbers(page.QuerySelector("svg .scale")!.GetAttribute("transform")!["translate".Length..], '(', ' ', ')');
        Assert.True(corner[0] >= 8 && corner[0] + barUnits <= viewWidth - 8 && corner[1] <= viewHeight - 8 && corner[1] >= viewHeight - 40, $"the bar at ({corner[0]}, {corner[1]})");
        Assert.Equal(barUnits / 2, Number(page.QuerySelector("svg .scale text")!.GetAttribute("x")!), 0.1);

        // Each dot named with its postcode and city; a station without postcode, as in no total.
        var byCode = stations.ToDictionary(s => s.StationCode);
        Assert.All(page.QuerySelectorAll("svg .stations circle title"), t => Assert.EndsWith($", {byCode[t.TextContent.Split(' ')[0]].Postcode} {byCode[t.TextContent.Split(' ')[0]].City}", t.TextContent, StringComparison.Ordinal));
        Assert.All(page.QuerySelectorAll("svg .stations .unresolved title"), t => Assert.EndsWith(", no postcode: in no total", t.TextContent, StringComparison.Ordinal));

        // Each row named with its postcode and, in its own span, its city.
        Assert.All(page.QuerySelectorAll("table tbody tr"), row =>
        {
            var city = (string?)totals[row.GetAttribute("data-postcode")!]["city"];
            Assert.Equal((city is null ? row.GetAttribute("data-postcode") : $"{row.GetAttribute("data-postcode")} {city}", city), (row.QuerySelector("th")!.TextContent, row.QuerySelector("th .city")?.TextContent));
        });
        Assert.Contains(page.QuerySelectorAll("table tbody th .city"), c => c.TextContent == "Paris");
    }

    /// <summary>
    /// A label is drawn only where its box fits its area as drawn, its position and the area's rounded to a tenth of a
    /// unit: 93110's two overlapping discs, of eight real stations with postcodes redrawn, held it only before rounding
    /// (found by <c>MapPageProperties</c>: the box was drawn 0.1 unit outside).
    /// </summary>
    [Fact]
    public void A_label_is_drawn_only_where_its_box_fits_its_area_once_both_are_rounded()
    {
        (string Code, string Postcode)[] redrawn = [("23201", "93110"), ("21205", "93110"), ("18201", "93110"), ("32021", "94140"), ("45003", "75017"), ("34501", "75017"), ("25003", "75017"), ("46003", "92250")];
        var byCode = Reliability.RealMessages.All.Messages.ToDictionary(m => m.StationCode);
        var stations = redrawn.Select(r => byCode[r.Code] with { Postcode = r.Postcode, StationsInPostcode = redrawn.Count(o => o.Postcode == r.Postcode) }).ToList();
        var totals = Reliability.Assemblies.New().Process(Reliability.Assemblies.Records(stations)).Published;
        using var output = new StringWriter();

        HtmlMap.Write(output, NetworkMap.Of(totals[0].Tick, totals, stations));

        var page = new HtmlParser().ParseDocument(output.ToString());
        Assert.NotNull(page.QuerySelector("svg .areas path[data-postcode='93110']"));
        AssertLabelsInsideTheirAreas(page);
    }

    /// <summary>
    /// With the 2023 information document, stations opened since have no position: a postcode none of whose stations
    /// has one keeps its row, the header names it as not on the map, and the stations without postcode not drawn are
    /// counted.
    /// </summary>
    [Fact]
    public async Task A_postcode_without_a_placed_station_keeps_its_row_and_is_named_as_not_on_the_map()
    {
        string[] feeds = ["--status", Fixture.StatusPath, "--information", Fixture.Information2023Path, "--geocoder", "off"];
        var (code, html, _) = await VelibInProcess.RunAsync(["map", .. feeds]);
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "all", .. feeds]);
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. feeds]);

        Assert.Equal(0, code);
        var page = new HtmlParser().ParseDocument(html);
        var postcodes = Lines(run).Select(t => (string)t["postcode"]!).ToList();
        Assert.Equal(postcodes, page.QuerySelectorAll("table tbody tr").Select(row => row.GetAttribute("data-postcode")));
        Assert.Equal(["93120"], postcodes.Except(page.QuerySelectorAll("svg .areas path").Select(area => area.GetAttribute("data-postcode")!)));
        var unresolved = stations.Where(s => s.Postcode is null).ToList();
        var unplaced = unresolved.Count(s => s.Lat is null || s.Lon is null);
        Assert.Equal((84, 82), (unresolved.Count, unplaced));
        Assert.EndsWith(
            " 84 stations without postcode are in no total (◆; 82 of them not drawn: no position). Postcode 93120 is not on the map: none of its stations has a usable position.",
            page.QuerySelector("header p")!.TextContent,
            StringComparison.Ordinal);
        Assert.Equal(unresolved.Count - unplaced, page.QuerySelectorAll("svg .stations .unresolved").Length);
        Assert.StartsWith($"Map of the bikes available in {postcodes.Count - 1} postcodes at tick ", page.QuerySelector("svg.map > title")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Counts of one are singular, and a postcode or a station without a city is named without one.</summary>
    [Fact]
    public async Task Counts_of_one_are_singular_and_a_place_without_city_has_no_stray_space()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "16107", .. VelibInProcess.Recorded]);
        var station = Assert.Single(await VelibInProcess.SnapshotAsync(["--stations", "16107", .. VelibInProcess.Recorded])) with { City = null, BikesAvailable = 1, Mechanical = 1, Electric = 0, DocksAvailable = 1 };
        var total = JsonSerializer.Deserialize(run.Split('\n')[0], MessageJson.PostcodeTotals)! with { City = null, TotalBikes = 1, MechanicalBikes = 1, ElectricBikes = 0, DocksAvailable = 1 };
        var tick = UtcTimestampConverter.ToText(total.Tick);
        using var output = new StringWriter();

        HtmlMap.Write(output, NetworkMap.Of(total.Tick, [total], [station, station with { StationCode = "00000", Postcode = null }]));

        var page = new HtmlParser().ParseDocument(output.ToString());
        Assert.Equal($"1 Vélib' bike by postcode, tick {tick}", page.Title);
        Assert.Equal("1 postcode, 1 station: 1 mechanical and 0 electric bike, 1 free dock.", page.QuerySelector("header p")!.TextContent.Split(" A postcode's")[0]);
        Assert.EndsWith(" 1 station without postcode is in no total (◆).", page.QuerySelector("header p")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"Map of the bikes available in 1 postcode at tick {tick}", page.QuerySelector("svg.map > title")!.TextContent);
        Assert.Equal($"75016: 1 bike (1 mechanical, 0 electric), 1 free dock, 1 station, tick {tick}", page.QuerySelector("svg path[data-postcode='75016'] title")!.TextContent);
        Assert.Equal("16107 Benjamin Godard - Victor Hugo: 1 bike (1 mechanical, 0 electric), 1 free dock, 75016", page.QuerySelector("svg .stations circle title")!.TextContent);
        Assert.Equal("75016", page.QuerySelector("tr[data-postcode='75016'] th")!.TextContent);

        // The diamond of the station without postcode, at the same place, is centred on the other's dot.
        var dot = page.QuerySelector("svg .stations circle")!;
        var top = Numbers(page.QuerySelector("svg .stations .unresolved")!.GetAttribute("d")!.Split('l')[0], 'M', ' ');
        Assert.Equal(Number(dot.GetAttribute("cx")!), top[0], 0.1);
        Assert.Equal(Number(dot.GetAttribute("cy")!), top[1] + 3, 0.1);
    }

    /// <summary>
    /// A right-to-left name, or one with an override it does not close, is isolated in its title (FSI…PDI): otherwise the
    /// bidi algorithm reorders the title's own text after it ("שלום: 3 bikes" reads "3 :שלום bikes").
    /// </summary>
    [Theory]
    [InlineData("\u202Eabc", "Paris", "\u2068\u202Eabc\u2069", "Paris")] // right-to-left override, never closed
    [InlineData("שלום", "תל אביב", "\u2068שלום\u2069", "\u2068תל אביב\u2069")]
    [InlineData("Gare", "\u202Bx", "Gare", "\u2068\u202Bx\u2069")] // right-to-left embedding in the city
    [InlineData("\u0590x", "Paris", "\u2068\u0590x\u2069", "Paris")] // the range's first code point (unassigned: right-to-left by default)
    public async Task A_right_to_left_or_overriding_name_is_isolated_from_the_rest_of_its_title(string name, string city, string nameShown, string cityShown)
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "16107", .. VelibInProcess.Recorded]);
        var station = Assert.Single(await VelibInProcess.SnapshotAsync(["--stations", "16107", .. VelibInProcess.Recorded])) with { Name = name, City = city };
        var total = JsonSerializer.Deserialize(run.Split('\n')[0], MessageJson.PostcodeTotals)! with { City = city };
        var tick = UtcTimestampConverter.ToText(total.Tick);
        using var output = new StringWriter();

        HtmlMap.Write(output, NetworkMap.Of(total.Tick, [total], [station]));

        var page = new HtmlParser().ParseDocument(output.ToString());
        Assert.Equal($"16107 {nameShown}: 5 bikes (1 mechanical, 4 electric), 30 free docks, 75016 {cityShown}", page.QuerySelector("svg .stations circle title")!.TextContent);
        Assert.StartsWith($"75016 {cityShown}: 5 bikes", page.QuerySelector("svg path[data-postcode='75016'] title")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>A control character in a name or a city (valid in JSON) is shown as U+FFFD: XML has none, and the map's SVG, taken out of the page, stays XML.</summary>
    [Fact]
    public async Task A_control_character_in_a_name_leaves_the_svg_well_formed_xml()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "16107", .. VelibInProcess.Recorded]);
        var station = Assert.Single(await VelibInProcess.SnapshotAsync(["--stations", "16107", .. VelibInProcess.Recorded])) with { Name = "Gare\u0001\tNord", City = "Paris\u001F" };
        var total = JsonSerializer.Deserialize(run.Split('\n')[0], MessageJson.PostcodeTotals)! with { City = "Paris\u001F" };
        using var output = new StringWriter();

        HtmlMap.Write(output, NetworkMap.Of(total.Tick, [total], [station]));

        var html = output.ToString();
        var svg = XDocument.Parse(html[html.IndexOf("<svg class=\"map\"", StringComparison.Ordinal)..(html.LastIndexOf("</svg>", StringComparison.Ordinal) + "</svg>".Length)]);
        Assert.StartsWith("16107 Gare\uFFFD\tNord: 5 bikes", svg.Descendants("circle").Single().Element("title")!.Value, StringComparison.Ordinal);
        Assert.EndsWith("75016 Paris\uFFFD", svg.Descendants("circle").Single().Element("title")!.Value, StringComparison.Ordinal);
        Assert.Contains("<span class=\"city\">Paris\uFFFD</span>", new HtmlParser().ParseDocument(html).QuerySelector("table")!.InnerHtml, StringComparison.Ordinal);
    }

    /// <summary>
    /// A map of one station, of nothing placed, or of stations in a line keeps a view no taller than wide and no wider
    /// than twice as tall, and a scale bar no longer than a fifth of it, as long as its distance, in m below 1 km and in
    /// km from it.
    /// </summary>
    [Theory]
    [InlineData("16107", false, 0, 1.0, "200 m")] // one disc of 500 m
    [InlineData("10204", true, 0, 1.0, "50 m")] // absent from the 2023 information: nothing placed
    [InlineData("16107,32017", false, 0.15, 0.5, "2 km")] // two discs moved 0.3° apart east-west
    [InlineData("16107,32017", false, 0.03, 0.5, "1 km")] // 0.06° apart
    public async Task A_sparse_map_keeps_a_bounded_view_and_a_scale_bar_that_fits(string stations, bool information2023, double spread, double aspect, string bar)
    {
        var snapshot = await VelibInProcess.SnapshotAsync(["--stations", stations, "--status", Fixture.StatusPath, "--information", information2023 ? Fixture.Information2023Path : Fixture.InformationPath, "--geocoder", "off"]);
        var moved = snapshot.Select((s, i) => spread == 0 ? s : s with { Lat = 48.85, Lon = 2.35 + (i == 0 ? -spread : spread) }).ToList();
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", stations, "--status", Fixture.StatusPath, "--information", information2023 ? Fixture.Information2023Path : Fixture.InformationPath, "--geocoder", "off"]);
        var totals = Lines(run).Select(t => JsonSerializer.Deserialize(t, MessageJson.PostcodeTotals)!).ToList();
        using var output = new StringWriter();

        HtmlMap.Write(output, NetworkMap.Of(snapshot[0].Tick, totals, moved));

        var page = new HtmlParser().ParseDocument(output.ToString());
        var viewBox = Numbers(page.QuerySelector("svg.map")!.GetAttribute("viewBox")!, ' ');
        Assert.Equal(1000, viewBox[2]);
        Assert.Equal(aspect * 1000, viewBox[3], 0.1);
        var (barUnits, barMetres, label) = ScaleBar(page);
        Assert.Equal(bar, label);
        Assert.InRange(barUnits, 1000 / 5 / 2.5, 1000 / 5);
        if (page.QuerySelector("svg .areas path") is { } disc)
        {
            // A disc of 500 m radius spans 1,000 m (its polygon's extremes, within a percent).
            var xs = Numbers(disc.GetAttribute("d")!, 'M', ' ', 'Z').Where((_, i) => i % 2 == 0).ToList();
            Assert.Equal((xs.Max() - xs.Min()) / 1000, barUnits / barMetres, 0.01 * barUnits / barMetres);
        }
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

    /// <summary>No bike in any total: the legend's one tick is 0, at the ramp's start, the colour of those areas; no total, no tick.</summary>
    [Theory]
    [InlineData("10018", new[] { "0" })] // 75010 alone, with no bike
    [InlineData("10018,11019", new[] { "0" })] // two postcodes, both without a bike
    [InlineData("40001", new string[0])] // a station without postcode: no total
    public async Task The_legend_of_totals_without_bikes_is_0_at_its_start_and_of_no_total_has_no_tick(string stations, string[] ticks)
    {
        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", "--stations", stations, .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var legend = new HtmlParser().ParseDocument(stdout).QuerySelectorAll(".legend .tick");
        Assert.Equal(ticks, legend.Select(t => t.TextContent));
        Assert.All(legend, t => Assert.Equal(0, Percent(t.GetAttribute("style")!)));
    }

    [Fact]
    public async Task A_lone_postcode_with_bikes_is_the_top_of_its_scale_and_its_legend_its_one_value()
    {
        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", "--stations", "16107", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        var page = new HtmlParser().ParseDocument(stdout);
        Assert.Equal("#fde725", page.QuerySelector("svg path[data-postcode='75016']")!.GetAttribute("fill"));
        Assert.Equal(["5"], page.QuerySelectorAll(".legend .tick").Select(t => t.TextContent));
    }

    [Theory]
    [InlineData(1, 10, new[] { 1, 2, 5, 10 })] // the largest total exactly a power of ten
    [InlineData(5, 20, new[] { 5, 10, 20 })] // both ends 1-2-5 values
    [InlineData(4, 12, new[] { 5, 10 })] // two fit inside
    [InlineData(6, 12, new[] { 6, 12 })] // only 10 fits: the two ends instead
    [InlineData(11, 19, new[] { 11, 19 })] // none fits
    public async Task The_legend_ticks_are_the_1_2_5_values_within_the_totals_or_else_their_two_ends(int fewest, int most, int[] ticks)
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "16107,32017", .. VelibInProcess.Recorded]);
        var totals = Lines(run).Select(t => JsonSerializer.Deserialize(t, MessageJson.PostcodeTotals)!).ToList();
        using var output = new StringWriter();

        HtmlMap.Write(output, new NetworkMap(totals[0].Tick, [totals[0] with { TotalBikes = fewest }, totals[1] with { TotalBikes = most }], [], new Dictionary<string, Geometry>()));

        var page = new HtmlParser().ParseDocument(output.ToString());
        Assert.Equal(ticks, page.QuerySelectorAll(".legend .tick").Select(t => int.Parse(t.TextContent, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Five postcodes of 50,000 stations with 10,000 bikes each: the most one total holds (the tick assembly's cap of
    /// held stations, the most a station may report), and 250,000 such stations fit a 16 MiB status document. Their
    /// 2.5 billion bikes are past an int: the page summed them in one, checked, and <c>velib map</c> failed with
    /// "unexpected error: OverflowException" (found by fuzzing the command end to end).
    /// </summary>
    [Fact]
    public async Task The_page_s_header_sums_totals_past_two_billion_bikes()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "16107", .. VelibInProcess.Recorded]);
        var total = JsonSerializer.Deserialize(Lines(run)[0], MessageJson.PostcodeTotals)! with
        {
            TotalBikes = 500_000_000,
            MechanicalBikes = 300_000_000,
            ElectricBikes = 200_000_000,
            DocksAvailable = 500_000_000,
            StationCount = 50_000,
            StationsExpected = 50_000,
        };
        using var output = new StringWriter();

        HtmlMap.Write(output, new NetworkMap(total.Tick, [.. Enumerable.Range(1, 5).Select(i => total with { Postcode = $"7500{i}" })], [], new Dictionary<string, Geometry>()));

        var page = new HtmlParser().ParseDocument(output.ToString());
        Assert.StartsWith("2,500,000,000 Vélib' bikes by postcode", page.Title, StringComparison.Ordinal);
        Assert.StartsWith("5 postcodes, 250,000 stations: 1,500,000,000 mechanical and 1,000,000,000 electric bikes, 2,500,000,000 free docks.", page.QuerySelector("header p")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>The page closes what it opens, to the last <c>&lt;/html&gt;</c>: a parser would close them unasked, a stream cut short would not say so.</summary>
    [Fact]
    public async Task The_page_ends_with_its_closing_tags()
    {
        var (code, stdout, _) = await VelibInProcess.RunAsync(["map", "--stations", "16107", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        Assert.EndsWith("</tbody>\n</table></div>\n</main>\n</body>\n</html>\n", stdout, StringComparison.Ordinal);
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
    public async Task Stations_absent_from_the_information_document_are_named_once_before_the_summaries_and_drawn_nowhere()
    {
        string[] options = ["--status", Fixture.StatusPath, "--information", Fixture.Information2023Path, "--geocoder", "off"];

        var (_, geojson, stderr) = await VelibInProcess.RunAsync(["map", "--format", "geojson", .. options]);
        var (_, html, _) = await VelibInProcess.RunAsync(["map", .. options]);

        var stations = JsonNode.Parse(geojson)!["features"]!.AsArray().Where(f => (string?)f!["properties"]!["kind"] == "station").ToList();
        var unplaced = stations.Where(s => s!["geometry"] is null).ToList();
        Assert.True(unplaced.Count > 10, $"{unplaced.Count} unplaced");
        Assert.All(unplaced, s => Assert.Null(s!["properties"]!["lat"]));
        Assert.Equal(stations.Count - unplaced.Count, new HtmlParser().ParseDocument(html).QuerySelectorAll("svg .stations > *").Length);

        // The snapshot's warning names them all; the map adds no second line about the same stations.
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var codes = unplaced.Select(s => (string)s!["properties"]!["stationCode"]!).ToList();
        var warning = Assert.Single(lines, line => line.Contains("absent from station_information.json", StringComparison.Ordinal));
        Assert.EndsWith($": {string.Join(", ", codes)}", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains("no usable position", StringComparison.Ordinal));
        Assert.All(lines[^2..], line => Assert.Matches("^velib: (tick |[0-9]+ postcode totals published)", line));

        // A total none of whose stations has a position has no area: 93120 with the 2023 positions.
        var placed = stations.Where(s => s!["geometry"] is not null).Select(s => (string?)s!["properties"]!["postcode"]).ToHashSet();
        var totals = JsonNode.Parse(geojson)!["features"]!.AsArray().Where(f => (string?)f!["properties"]!["kind"] == "postcode").ToList();
        Assert.Equal(["93120"], totals.Where(t => t!["geometry"] is null).Select(t => (string?)t!["properties"]!["postcode"]));
        Assert.All(totals, t => Assert.Equal(placed.Contains((string?)t!["properties"]!["postcode"]), t!["geometry"] is not null));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(130)] // one line still, naming the first 100 as every other list in a warning does
    public async Task Stations_placed_off_the_globe_or_at_0_0_are_all_counted_in_one_warning_before_the_summaries(int count)
    {
        var information = Fixture.InformationTree();
        var moved = Fixture.Stations(information).Take(count).Select(e => e!.AsObject()).ToList();
        foreach (var (entry, i) in moved.Select((e, i) => (e, i)))
        {
            (entry["lat"], entry["lon"]) = i % 2 == 0 ? (0, 0) : (999, 180.5);
        }

        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, Fixture.Bytes(information));
        var (code, geojson, stderr) = await VelibInProcess.RunAsync(["map", "--format", "geojson", "--status", Fixture.StatusPath, "--information", file, "--geocoder", "off"]);
        File.Delete(file);

        Assert.Equal(0, code);
        var codes = moved.Select(e => (string)e["stationCode"]!).Order(StringComparer.Ordinal).ToList();
        var unplaced = JsonNode.Parse(geojson)!["features"]!.AsArray().Where(f => (string?)f!["properties"]!["kind"] == "station" && f["geometry"] is null);
        Assert.Equal(codes, unplaced.Select(f => (string)f!["properties"]!["stationCode"]!).Order(StringComparer.Ordinal));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var warning = Assert.Single(lines, line => line.Contains("no usable position", StringComparison.Ordinal));
        var named = string.Join(", ", codes.Take(100)) + (count > 100 ? $" and {count - 100} more" : "");
        Assert.Equal($"velib: warning: {count} station(s) with no usable position in station_information.json (none, off the globe, or 0,0), so no dot and no part in any area: {named}", warning);
        Assert.Equal(lines.Length - 3, Array.IndexOf(lines, warning));
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
    public async Task The_format_is_read_in_any_case_as_the_other_options_values()
    {
        var (code, geoJson, _) = await VelibInProcess.RunAsync(["map", "--format", "GeoJSON", "--stations", "16107,32017", .. VelibInProcess.Recorded]);
        var (_, lower, _) = await VelibInProcess.RunAsync(["map", "--format", "geojson", "--stations", "16107,32017", .. VelibInProcess.Recorded]);

        Assert.Equal(0, code);
        Assert.Equal("FeatureCollection", (string)JsonNode.Parse(geoJson)!["type"]!);
        Assert.Equal(lower, geoJson);
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

    /// <summary>
    /// Each label's box (11-unit type, 0.72 em a digit, 1.2 em high) inside its area as drawn (even-odd); a ring drawn
    /// as fewer than three points (a sliver under the page's 0.1-unit rounding) fills nothing, its stroke kept off the box too.
    /// </summary>
    internal static void AssertLabelsInsideTheirAreas(AngleSharp.Dom.IDocument page) =>
        Assert.All(page.QuerySelectorAll("svg .labels text"), label =>
        {
            var (x, y, half) = (Number(label.GetAttribute("x")!), Number(label.GetAttribute("y")!), label.TextContent.Length * 11 * 0.72 / 2);
            var box = Factory.ToGeometry(new Envelope(x - half, x + half, y - (11 * 0.6), y + (11 * 0.6)));
            var drawn = page.QuerySelector($"svg .areas path[data-postcode='{label.TextContent}']")!.GetAttribute("d")!.Split('Z', StringSplitOptions.RemoveEmptyEntries)
                .Select(ring => Numbers(ring, 'M', ' ').Chunk(2).Select(p => new Coordinate(p[0], p[1])).ToList()).ToList();
            var rings = drawn.Where(ring => ring.Count >= 3).Select(ring => Factory.CreatePolygon([.. ring, ring[0]])).ToList();
            var slivers = drawn.Where(ring => ring.Count < 3).Select(ring => ring.Count == 1 ? (Geometry)Factory.CreatePoint(ring[0]) : Factory.CreateLineString([.. ring]));
            Assert.True(rings.Select(r => r.Boundary).Concat(slivers).All(edge => !box.Relate(edge, "T********")) && rings.Count(r => r.Covers(box)) % 2 == 1, $"{label.TextContent}'s box at ({x}, {y}) is not inside its area");
        });

    /// <summary>The scale bar drawn: its length in the view's units, the metres its text says, and that text.</summary>
    internal static (double Units, int Metres, string Text) ScaleBar(AngleSharp.Dom.IDocument page)
    {
        var bar = page.QuerySelector("svg .scale path")!.GetAttribute("d")!;
        var text = page.QuerySelector("svg .scale text")!.TextContent;
        var metres = text.EndsWith(" km", StringComparison.Ordinal) ? 1000 * int.Parse(text[..^3], CultureInfo.InvariantCulture) : int.Parse(text[..^2], CultureInfo.InvariantCulture);
        return (Number(bar[(bar.IndexOf('H') + 1)..bar.LastIndexOf('V')]), metres, text);
    }

    private static double Percent(string style) => Number(style[(style.IndexOf(':') + 1)..style.IndexOf('%')]);

    internal static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    internal static double[] Numbers(string text, params char[] separators) => [.. text.Split(separators, StringSplitOptions.RemoveEmptyEntries).Select(Number)];

    private static int[] Rgb(string hex) => [Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16)];

    /// <summary>The great-circle distance in metres, on the mean Earth radius the map uses.</summary>
    internal static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Radians(lat2 - lat1) / 2), 2) + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(Radians(lon2 - lon1) / 2), 2));
        return 2 * 6_371_008.8 * Math.Asin(Math.Sqrt(h));
    }

    internal static double Distance(StationMessage a, StationMessage b) => Distance(a.Lat!.Value, a.Lon!.Value, b.Lat!.Value, b.Lon!.Value);

    private static LinearRing Ring(JsonNode? ring) =>
        Factory.CreateLinearRing([.. ring!.AsArray().Select(p => new Coordinate((double)p![0]!, (double)p[1]!))]);
}
