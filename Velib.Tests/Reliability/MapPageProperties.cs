using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using FsCheck;
using FsCheck.Fluent;
using Velib.Cli.Map;
using Velib.Core.Map;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// <c>velib map</c>'s page and GeoJSON on station sets drawn from the real <c>all</c> snapshot: a dense neighbourhood
/// or a spread-out subset, postcodes redrawn among a few, some stations without postcode or position, bike counts
/// redrawn from none to the most a station may report, one postcode withheld (incomplete, so unpublished), the set
/// split into two clusters far apart; the totals from the tick assembly as <c>velib map</c> gets them. Checked with
/// <see cref="MapCommandTests"/>' rules on the whole feed, generalised. The scenarios are drawn from a fixed seed, so
/// every run checks the same ones; <c>VELIB_PROPERTY_SEED</c> draws others.
/// </summary>
public class MapPageProperties
{
    private const double Width = 1000, Margin = 8;

    private static readonly int[] ScaleLengths = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000];

    /// <summary>
    /// One station set: <paramref name="Count"/> stations, the nearest to one (<paramref name="Dense"/>) or any;
    /// <paramref name="Postcodes"/> postcodes; one in <paramref name="NoPostcode"/> and one in <paramref name="NoPosition"/>
    /// stations without (0: none); bikes up to <paramref name="MostBikes"/> a station; <paramref name="Withheld"/>: one
    /// postcode unpublished; <paramref name="ClusterKm"/>: half the set moved that far east (0: not). All other randomness
    /// comes from <paramref name="Seed"/>.
    /// </summary>
    public sealed record Scenario(int Count, bool Dense, int Postcodes, int NoPostcode, int NoPosition, int MostBikes, bool Withheld, int ClusterKm, int Seed);

    private static Arbitrary<Scenario> Scenarios =>
        (from count in Gen.Frequency((3, Gen.Choose(1, 40)), (2, Gen.Choose(41, 300)))
         from dense in Gen.Elements(true, false)
         from postcodes in Gen.Frequency((1, Gen.Constant(1)), (3, Gen.Choose(1, 8)))
         from noPostcode in Gen.Elements(0, 0, 2, 5, 20)
         from noPosition in Gen.Elements(0, 0, 3, 10)
         from mostBikes in Gen.Elements(0, 1, 5, 40, 2000, StationMessage.MaxCount)
         from withheld in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
         from clusterKm in Gen.Elements(0, 0, 0, 20, 150, 800)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Scenario(count, dense, postcodes, noPostcode, noPosition, mostBikes, withheld, clusterKm, seed)).ToArbitrary();

    [Fact]
    public void The_page_and_geojson_of_any_real_station_set_are_true_to_its_totals_and_inside_their_view() =>
        Check.One(PropertyRuns.Seeded(80), Prop.ForAll(Scenarios, scenario =>
        {
            var stations = Stations(scenario);
            var totals = Assemblies.New().Process(Assemblies.Records(stations)).Published;
            var map = NetworkMap.Of(stations[0].Tick, totals, stations);
            using var html = new StringWriter(CultureInfo.InvariantCulture);
            using var geoJson = new StringWriter(CultureInfo.InvariantCulture);

            HtmlMap.Write(html, map);
            GeoJsonMap.Write(geoJson, map);

            AssertPage(html.ToString(), map);
            AssertGeoJson(geoJson.ToString(), map);
        }));

    private static void AssertPage(string html, NetworkMap map)
    {
        var page = new HtmlParser().ParseDocument(html);
        var svg = page.QuerySelector("svg.map")!;
        var tick = UtcTimestampConverter.ToText(map.Tick);
        Assert.DoesNotMatch(new Regex("NaN|Infinity|∞"), svg.OuterHtml);

        // One area per published postcode with a placed station, one row per published postcode, in the totals' order and with their numbers.
        var placedPostcodes = map.Stations.Where(s => s.Lat is not null).Select(s => s.Postcode).OfType<string>().ToHashSet();
        Assert.Equal(map.Totals.Where(t => placedPostcodes.Contains(t.Postcode)).Select(t => t.Postcode), svg.QuerySelectorAll(".areas path[data-postcode]").Select(p => p.GetAttribute("data-postcode")));
        Assert.Equal(map.Totals.Select(t => t.Postcode), page.QuerySelectorAll("table tbody tr[data-postcode]").Select(r => r.GetAttribute("data-postcode")));
        foreach (var t in map.Totals)
        {
            var row = page.QuerySelector($"table tbody tr[data-postcode='{t.Postcode}']")!;
            Assert.Equal(new[] { t.TotalBikes, t.MechanicalBikes, t.ElectricBikes, t.DocksAvailable, t.StationCount }.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)), row.QuerySelectorAll("td").Select(td => td.TextContent));
            if (svg.QuerySelector($".areas path[data-postcode='{t.Postcode}'] title") is { } title)
            {
                Assert.Equal(
                    FormattableString.Invariant($"{t.Postcode}{(string.IsNullOrEmpty(t.City) ? "" : " ")}{t.City}: {Count(t.TotalBikes, "bike")} ({t.MechanicalBikes:N0} mechanical, {t.ElectricBikes:N0} electric), {Count(t.DocksAvailable, "free dock")}, {Count(t.StationCount, "station")}, tick {tick}"),
                    title.TextContent.Replace("\u2068", "", StringComparison.Ordinal).Replace("\u2069", "", StringComparison.Ordinal));
            }
        }

        // The view: 1000 units wide, no taller than wide and no wider than twice as tall.
        var viewBox = MapCommandTests.Numbers(svg.GetAttribute("viewBox")!, ' ');
        var (viewWidth, viewHeight) = (viewBox[2], viewBox[3]);
        Assert.Equal(Width, viewWidth);
        Assert.InRange(viewHeight, (Width / 2) - 0.05, Width + 0.05);

        // Every area vertex inside the view; every dot's and diamond's centre inside its margins, one per placed station.
        var vertices = svg.QuerySelectorAll(".areas path").SelectMany(a => MapCommandTests.Numbers(a.GetAttribute("d")!, 'M', ' ', 'Z').Chunk(2));
        Assert.All(vertices, p => Assert.True(p[0] >= 0 && p[0] <= viewWidth && p[1] >= 0 && p[1] <= viewHeight, $"({p[0]}, {p[1]}) is outside the view"));
        var dots = svg.QuerySelectorAll(".stations circle").Select(c => (Code: c.QuerySelector("title")!.TextContent.Split(' ')[0], X: MapCommandTests.Number(c.GetAttribute("cx")!), Y: MapCommandTests.Number(c.GetAttribute("cy")!))).ToList();
        var diamonds = svg.QuerySelectorAll(".stations .unresolved").Select(d => (Code: d.QuerySelector("title")!.TextContent.Split(' ')[0], Top: MapCommandTests.Numbers(d.GetAttribute("d")!.Split('l')[0], 'M', ' '))).Select(d => (d.Code, X: d.Top[0], Y: d.Top[1] + 3)).ToList();
        Assert.Equal(map.Stations.Where(s => s is { Lat: not null, Postcode: not null }).Select(s => s.StationCode), dots.Select(d => d.Code));
        Assert.Equal(map.Stations.Where(s => s is { Lat: not null, Postcode: null }).Select(s => s.StationCode), diamonds.Select(d => d.Code));
        Assert.All(dots.Concat(diamonds), dot => Assert.True(dot.X >= Margin && dot.X <= viewWidth - Margin && dot.Y >= Margin && dot.Y <= viewHeight - Margin, $"{dot.Code} at ({dot.X}, {dot.Y}) is outside the margins"));

        AssertScaleBar(page, map, dots, viewHeight);
        AssertLegend(page, map);
        MapCommandTests.AssertLabelsInsideTheirAreas(page);
        Assert.All(svg.QuerySelectorAll(".labels text"), label => Assert.Single(svg.QuerySelectorAll($".areas path[data-postcode='{label.TextContent}']")));
    }

    /// <summary>The bar: no longer than a fifth of the width, the longest 1-2-5 length that fits up to 20 km, inside the margins, as long as its distance between the two dots farthest apart east-west.</summary>
    private static void AssertScaleBar(AngleSharp.Dom.IDocument page, NetworkMap map, List<(string Code, double X, double Y)> dots, double viewHeight)
    {
        var (barUnits, barMetres, _) = MapCommandTests.ScaleBar(page);
        Assert.InRange(barUnits, 0.1, Width / 5);
        Assert.Contains(barMetres, ScaleLengths);
        var next = Array.IndexOf(ScaleLengths, barMetres) + 1;
        // The page writes the bar's length to 0.1 unit: 80 there may be 80.019, whose 500 m would be 200.05, over a fifth.
        Assert.True(next == ScaleLengths.Length || (barUnits + 0.05) * ScaleLengths[next] / barMetres > Width / 5, $"a {barMetres} m bar of {barUnits} units: the next length fits too");
        var corner = MapCommandTests.Numbers(page.QuerySelector("svg .scale")!.GetAttribute("transform")!["translate".Length..], '(', ' ', ')');
        Assert.True(corner[0] >= Margin && corner[0] + barUnits <= Width - Margin && corner[1] <= viewHeight - Margin && corner[1] >= viewHeight - 40, $"the bar at ({corner[0]}, {corner[1]})");
        Assert.Equal(barUnits / 2, MapCommandTests.Number(page.QuerySelector("svg .scale text")!.GetAttribute("x")!), 0.1);

        if (dots.Count >= 2 && dots.Max(d => d.X) - dots.Min(d => d.X) >= 100)
        {
            var byCode = map.Stations.ToDictionary(s => s.StationCode);
            var (west, east) = (dots.MinBy(d => d.X), dots.MaxBy(d => d.X));
            var metres = MapCommandTests.Distance(byCode[west.Code], byCode[east.Code]);
            var unitsPerMetre = Math.Sqrt(Math.Pow(east.X - west.X, 2) + Math.Pow(east.Y - west.Y, 2)) / metres;
            Assert.Equal(unitsPerMetre, barUnits / barMetres, unitsPerMetre * 0.01);
        }
    }

    /// <summary>The legend's ticks within the totals' range (none without totals), each at its place on the log scale.</summary>
    private static void AssertLegend(AngleSharp.Dom.IDocument page, NetworkMap map)
    {
        var bikes = map.Totals.Select(t => t.TotalBikes).DefaultIfEmpty(0).ToList();
        var (fewest, most) = (bikes.Min(), bikes.Max());
        var ticks = page.QuerySelectorAll(".legend .tick").Select(t => (Value: int.Parse(t.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Left: Percent(t.GetAttribute("style")!))).ToList();
        Assert.Equal(map.Totals.Count == 0, ticks.Count == 0);
        Assert.All(ticks, t => Assert.True(t.Value >= fewest && t.Value <= most, $"a tick of {t.Value} outside the totals' {fewest} to {most}"));
        Assert.All(ticks, t => Assert.InRange(t.Left, 0, 100));
        var low = Math.Max(1, fewest);
        if (most > low)
        {
            Assert.All(ticks, t => Assert.Equal(100 * Math.Log((double)t.Value / low) / Math.Log((double)most / low), t.Left, 0.05));
        }
    }

    private static void AssertGeoJson(string geoJson, NetworkMap map)
    {
        var features = JsonNode.Parse(geoJson)!["features"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var areas = features.Where(f => (string?)f["properties"]!["kind"] == "postcode").ToList();
        var points = features.Where(f => (string?)f["properties"]!["kind"] == "station").ToList();
        Assert.Equal(features.Count, areas.Count + points.Count);

        var placedPostcodes = map.Stations.Where(s => s.Lat is not null).Select(s => s.Postcode).OfType<string>().ToHashSet();
        Assert.Equal(map.Totals.Select(t => JsonNode.Parse(KafkaRecords.ToJson(t))!.ToJsonString()), areas.Select(Properties));
        Assert.All(areas, a => Assert.Equal(placedPostcodes.Contains((string)a["properties"]!["postcode"]!), a["geometry"] is not null));
        Assert.All(areas.Where(a => a["geometry"] is not null), a => Assert.Contains((string?)a["geometry"]!["type"], new[] { "Polygon", "MultiPolygon" }));

        Assert.Equal(map.Stations.Select(s => JsonNode.Parse(KafkaRecords.ToJson(s))!.ToJsonString()), points.Select(Properties));
        Assert.All(points.Zip(map.Stations), p => Assert.Equal(
            p.Second is { Lon: { } lon, Lat: { } lat } ? [Math.Round(lon, 6), Math.Round(lat, 6)] : null,
            p.First["geometry"] is { } point ? point["coordinates"]!.AsArray().Select(c => (double)c!).ToArray() : null));
    }

    private static List<StationMessage> Stations(Scenario scenario)
    {
        var random = new Random(scenario.Seed);
        var (centre, stations, postcodes) = RealMessages.Draw(random, scenario.Count, scenario.Dense, scenario.Postcodes);
        var clusterShift = scenario.ClusterKm * 1000 / (6_371_008.8 * Math.PI / 180) / Math.Cos(centre.Lat!.Value * Math.PI / 180);
        stations = [.. stations.Select((s, i) =>
        {
            var bikes = random.Next(3) == 0 ? 0 : random.Next(scenario.MostBikes + 1);
            var mechanical = random.Next(bikes + 1);
            var placed = scenario.NoPosition == 0 || random.Next(scenario.NoPosition) != 0;
            return s with
            {
                Postcode = scenario.NoPostcode > 0 && random.Next(scenario.NoPostcode) == 0 ? null : postcodes[random.Next(postcodes.Length)],
                Lat = placed ? s.Lat : null,
                Lon = placed ? s.Lon + (i % 2 == 1 ? clusterShift : 0) : null,
                BikesAvailable = bikes,
                Mechanical = mechanical,
                Electric = bikes - mechanical,
                DocksAvailable = random.Next(4) == 0 ? null : random.Next(StationMessage.MaxCount + 1),
            };
        })];

        // Each postcode's count as the snapshot gives it, one too many for a withheld postcode: its tick never completes.
        var withheld = scenario.Withheld ? stations.Select(s => s.Postcode).OfType<string>().FirstOrDefault() : null;
        var counts = stations.Where(s => s.Postcode is not null).CountBy(s => s.Postcode!).ToDictionary(c => c.Key, c => c.Value);
        return [.. stations.Select(s => s.Postcode is { } p ? s with { StationsInPostcode = counts[p] + (p == withheld ? 1 : 0) } : s)];
    }

    private static string Properties(JsonObject feature)
    {
        var properties = feature["properties"]!.DeepClone().AsObject();
        properties.Remove("kind");
        return properties.ToJsonString();
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    private static double Percent(string style) => MapCommandTests.Number(style[(style.IndexOf(':') + 1)..style.IndexOf('%')]);
}
