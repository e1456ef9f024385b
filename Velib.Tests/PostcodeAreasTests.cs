using AngleSharp.Html.Parser;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using Velib.Cli.Map;
using Velib.Core.Map;
using Velib.Core.Messages;
using Velib.Tests.Reliability;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// The map's areas (<see cref="PostcodeAreas"/>) on real snapshots and on station sets derived from them: one valid
/// area per postcode, no two overlapping, each holding all its stations and reaching no further than they serve.
/// </summary>
public class PostcodeAreasTests
{
    /// <summary>
    /// The largest overlap allowed between two areas, in m²: none, as the areas are rounded to the grid together and
    /// neighbours share each edge vertex for vertex. (Rounded one by one they overlapped by up to 30 m², see
    /// <see cref="Areas_rounded_to_the_grid_still_share_their_edges"/>; cut by polygonal discs, by 37 m² on the recorded feed.)
    /// </summary>
    private const double OverlapTolerance = 0;

    /// <summary>How far a station may be from its area when it shares its position with another postcode: the output's grid.</summary>
    private const double GridDegrees = 1e-6;

    private static readonly GeometryFactory Factory = new();

    [Fact]
    public async Task All_stations_of_the_recorded_feed()
    {
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded]);

        var areas = PostcodeAreas.Build(stations);

        AssertHold(stations, areas);
        Assert.Equal(85, areas.Count);
        Assert.Contains(stations, s => s.Postcode is null && s.Lat is not null);
    }

    [Fact]
    public async Task The_recorded_status_with_the_2023_information_whose_missing_stations_have_no_position()
    {
        var stations = await VelibInProcess.SnapshotAsync("--stations", "all", "--status", Fixture.StatusPath, "--information", Fixture.Information2023Path, "--geocoder", "off");

        var areas = PostcodeAreas.Build(stations);

        Assert.Contains(stations, s => s.Lat is null && s.Postcode is not null);
        AssertHold(stations, areas);
    }

    /// <summary>
    /// 48 stations spread over the network (found by a random search over subsets, then shrunk): before the disc
    /// clipping rounded its points, the union of one postcode's cells dropped a whole cell and left its station outside.
    /// </summary>
    [Fact]
    public async Task A_spread_out_subset_keeps_every_station_inside_its_own_area()
    {
        const string Codes = "8029,16107,10033,14004,31102,6104,41301,12154,14122,21316,13015,13116,16041,17011,6030,16002,11022,10021,41402,30002,15022,18141,17043,2102,"
            + "16129,43005,24007,2008,15071,10020,20047,34009,22305,10114,2108,19031,7007,16024,4110,35007,35019,10029,21023,7003,44006,17001,4010,10004";
        var stations = await VelibInProcess.SnapshotAsync(["--stations", Codes, .. VelibInProcess.Recorded]);

        var areas = PostcodeAreas.Build(stations);

        Assert.Equal(48, stations.Count(s => s is { Lat: not null, Postcode: not null }));
        AssertHold(stations, areas);
    }

    [Fact]
    public async Task The_default_two_stations_far_apart_get_a_whole_disc_each()
    {
        var stations = await VelibInProcess.SnapshotAsync(VelibInProcess.Recorded);

        var areas = PostcodeAreas.Build(stations);

        AssertHold(stations, areas);
        Assert.Equal(["75016", "93200"], areas.Select(a => a.Postcode));
        Assert.All(areas, a => AssertDisc(stations, a));
    }

    [Fact]
    public async Task One_station_gets_a_disc()
    {
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "16107", .. VelibInProcess.Recorded]);

        var area = Assert.Single(PostcodeAreas.Build(stations));

        AssertHold(stations, [area]);
        AssertDisc(stations, area);
    }

    [Fact]
    public async Task Stations_at_one_position_share_its_cell_and_postcodes_there_share_it_by_sectors()
    {
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded]);
        var inParis15 = stations.Where(s => s.Postcode == "75015").Take(2).ToList();
        var host = stations.Single(s => s.StationCode == "16107");
        var guests = new[] { "32017", stations.First(s => s.Postcode == "92100").StationCode };
        var moved = stations.Select(s =>
            s == inParis15[1] ? s with { Lat = inParis15[0].Lat, Lon = inParis15[0].Lon }
            : guests.Contains(s.StationCode) ? s with { Lat = host.Lat, Lon = host.Lon }
            : s).ToList();

        var areas = PostcodeAreas.Build(moved);

        AssertHold(moved, areas);
        Assert.Equal(3, areas.Count(a => a.Area.Distance(Point(host)) <= GridDegrees));
    }

    /// <summary>The host's cell has 5 vertices: 6 postcodes leave one for the last edge's fan, 12 leave seven.</summary>
    [Theory]
    [InlineData(6)]
    [InlineData(12)]
    public async Task More_postcodes_at_one_position_than_its_cell_has_vertices_still_get_a_slice_each(int postcodes)
    {
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded]);
        var host = stations.First(s => s is { Postcode: "75011", Lat: not null });
        var guests = stations.Where(s => s is { Lat: not null, Postcode: not null } && s.Postcode != host.Postcode).DistinctBy(s => s.Postcode).Take(postcodes - 1).ToHashSet();
        var moved = stations.Select(s => guests.Contains(s) ? s with { Lat = host.Lat, Lon = host.Lon } : s).ToList();

        var areas = PostcodeAreas.Build(moved);

        AssertHold(moved, areas);
        Assert.Equal(postcodes, areas.Count(a => a.Area.Distance(Point(host)) <= GridDegrees));
    }

    /// <summary>
    /// The centre of a 3 × 3 grid has a square cell inside its disc: 4 postcodes there take an edge each (as many as the
    /// cell has vertices), 5 and 6 share the last edge's triangle; either way their slices make up the whole cell.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Postcodes_at_one_position_share_its_whole_cell(int postcodes)
    {
        var around = Enumerable.Range(0, 9).Where(i => i != 4).Select(i => Messages.Station($"{i}", "75001", 1, 1) with { Lat = 48.86 + (i / 3 * 0.002), Lon = 2.35 + (i % 3 * 0.003) }).ToList();
        var centre = Enumerable.Range(0, postcodes).Select(k => Messages.Station($"1{k}", $"7501{k}", 1, 1) with { Lat = 48.862, Lon = 2.353 }).ToList();
        List<StationMessage> stations = [.. around, .. centre];

        var areas = PostcodeAreas.Build(stations);

        AssertHold(stations, areas);
        var toMetres = Metres(stations);
        var cell = PostcodeAreas.Build([.. around, centre[0]]).Single(a => a.Postcode == centre[0].Postcode).Area;
        var slices = OverlayNGRobust.Union(areas.Where(a => a.Postcode != "75001").Select(a => a.Area));
        Assert.InRange(toMetres.Transform(slices.SymmetricDifference(cell)).Area, 0, OverlapTolerance);
    }

    /// <summary>Sites in a line or on a grid are degenerate for a Voronoi diagram: the builder's own clipping threw on these.</summary>
    [Theory]
    [InlineData(10, 1)]
    [InlineData(4, 4)]
    public async Task Stations_in_a_line_or_on_a_grid_get_their_areas(int columns, int rows)
    {
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded]);
        var placed = stations.Where(s => s is { Lat: not null, Postcode: not null }).Take(columns * rows).Select((s, i) => s with
        {
            Lat = 48.86 + (i / columns * 0.001),
            Lon = 2.35 + (i % columns * 0.001),
            Postcode = i % 3 == 0 ? "75001" : "75002",
        }).ToList();

        var areas = PostcodeAreas.Build(placed);

        AssertHold(placed, areas);
        Assert.Equal(["75001", "75002"], areas.Select(a => a.Postcode));
    }

    /// <summary>
    /// A face of the stations in a line 1.5 cm apart (found by an audit: every station of the recorded feed at latitude
    /// 48.85, longitude 2.30 + i × 2e-7): a column of the grid one step wide and 1 km tall, whose InteriorPoint lies half a
    /// step from its edge. The search for the point furthest inside it made about 100,000 points, half a second, for
    /// each of the layout's 299 such faces: <c>velib map</c> ran for minutes. Counted by the sequences the face's factory makes.
    /// </summary>
    [Fact]
    public void A_face_one_grid_step_wide_is_looked_up_at_a_cost_of_its_vertices_not_of_its_length()
    {
        var sequences = new CountingSequences();
        var face = new GeometryFactory(sequences).ToGeometry(new Envelope(2.300027, 2.300028, 48.845504, 48.854496));
        sequences.Made = 0;

        var point = PostcodeAreas.InsidePoint(face);

        Assert.True(face.Contains(face.Factory.CreatePoint(point)), $"{point} is not inside the face");
        Assert.InRange(sequences.Made, 0, 100);
    }

    /// <summary>
    /// Four stations on a circle round an empty centre, 100 m from it (found by PostcodeAreasProperties): two Voronoi
    /// vertices at that centre, an ulp apart and in the wrong order, made a cell's orientation test say clockwise, and
    /// the cell was clipped to its whole disc, overlapping its neighbours by 19 ha.
    /// </summary>
    [Fact]
    public void Stations_on_a_circle_round_an_empty_centre_keep_to_their_cells()
    {
        const double Lat = 48.857058739111, Lon = 2.3417982839439, Step = 100 / (6_371_008.8 * Math.PI / 180);
        (int East, int North)[] diamond = [(1, 0), (0, 1), (2, 1), (1, 2)];
        List<StationMessage> stations = [
            .. diamond.Select((p, i) => Messages.Station($"{i}", $"7500{i + 1}", 1, 1) with { Lat = Lat + (p.North * Step), Lon = Lon + (p.East * Step / Math.Cos(Lat * Math.PI / 180)) }),
            Messages.Station("4", "75019", 1, 1) with { Lat = Lat + 0.003, Lon = Lon + 0.007 }];

        AssertHold(stations, PostcodeAreas.Build(stations));
    }

    /// <summary>
    /// Six stations on a 50 m circle and one 300 m away, by the antimeridian where they were drawn (found by a search
    /// over PostcodeAreasProperties' sets, then shrunk): their cells' vertices at the centre lie millimetres apart, and
    /// each area, rounded to the grid on its own, moved an edge it shares differently from its neighbour: 75012 and
    /// 75016 overlapped by 18.4 m².
    /// </summary>
    [Fact]
    public void Areas_rounded_to_the_grid_still_share_their_edges()
    {
        (string Postcode, double Lat, double Lon)[] placed = [
            ("75016", 48.862700928410824, 179.99080695137343), ("93170", 48.86283263082886, 179.99032363728912),
            ("75016", 48.862700928410824, 179.98984032320485), ("92170", 48.862382970647, 179.98964012795625),
            ("75012", 48.86206501288317, 179.98984032320485), ("75016", 48.86193331046513, 179.99032363728912),
            ("75012", 48.863795909662, 179.99441501186524)];
        List<StationMessage> stations = [.. placed.Select((p, i) => Messages.Station($"{i}", p.Postcode, 1, 1) with { Lat = p.Lat, Lon = p.Lon })];

        AssertHold(stations, PostcodeAreas.Build(stations));
    }

    /// <summary>A disc round a station at the antimeridian or a pole reaches past ±180° or ±90°, which RFC 7946 has not.</summary>
    /// <param name="lonStep">Between columns of stations; none by a pole, where a degree of longitude is millimetres.</param>
    [Theory]
    [InlineData(0.5, 179.9999, 0.002)]
    [InlineData(-0.5, -179.9999, 0.002)]
    [InlineData(89.9999, 10, 0)]
    [InlineData(-89.9999, -10, 0)]
    public async Task Areas_at_the_antimeridian_or_a_pole_stay_within_longitude_and_latitude(double lat, double lon, double lonStep)
    {
        var stations = await VelibInProcess.SnapshotAsync(["--stations", "all", .. VelibInProcess.Recorded]);
        var placed = stations.Where(s => s is { Lat: not null, Postcode: not null }).Take(6).Select((s, i) => s with
        {
            Lat = lat - (Math.Sign(lat) * i * 0.002),
            Lon = lon - (Math.Sign(lon) * (i % 3) * lonStep),
            Postcode = i % 2 == 0 ? "75001" : "75002",
        }).ToList();

        var areas = PostcodeAreas.Build(placed);

        AssertHold(placed, areas);
        Assert.All(areas.SelectMany(a => a.Area.Coordinates), c => Assert.True(Math.Abs(c.X) <= 180 && Math.Abs(c.Y) <= 90, $"{c} is not a longitude and latitude"));
    }

    /// <summary>A cell 5 cm wide at the antimeridian is cut to nothing: its postcode has no area, not an empty one (the page threw on it).</summary>
    [Fact]
    public async Task A_postcode_whose_cells_the_grid_and_the_antimeridian_leave_nothing_of_has_no_area()
    {
        var stations = await VelibInProcess.SnapshotAsync(VelibInProcess.Recorded);
        var placed = new[] { stations[0] with { Lat = 0, Lon = 180 }, stations[1] with { Lat = 0, Lon = 179.9999995 } };

        var areas = PostcodeAreas.Build(placed);

        Assert.Equal([placed[1].Postcode], areas.Select(a => a.Postcode));
        Assert.All(areas, a => Assert.False(a.Area.IsEmpty));

        // The page draws the one area and no label in nothing.
        var page = new StringWriter();
        HtmlMap.Write(page, NetworkMap.Of(placed[0].Tick, Assemblies.New().Process(Assemblies.Records(placed)).Published, placed));
        Assert.Single(new HtmlParser().ParseDocument(page.ToString()).QuerySelectorAll("svg path[data-postcode]"));
    }

    /// <summary>
    /// Stations of many postcodes at one position at a pole or at -180° (found by fuzzing <c>velib map</c> end to end,
    /// then shrunk): a slice wholly past the cut touches the world at its station only, and the cut of that postcode's
    /// area, a point or a line, was kept as an empty collection, whose boundary threw: the map failed with "unexpected
    /// error: ArgumentException: Operation does not support GeometryCollection arguments". Such a postcode has no area.
    /// </summary>
    [Theory]
    [InlineData(90, 0, 9)]
    [InlineData(-90, 0, 9)]
    [InlineData(48.8, -180, 28)]
    public void Postcodes_at_one_position_whose_slices_the_cut_at_a_pole_or_the_antimeridian_leaves_nothing_of_have_no_area(double lat, double lon, int postcodes)
    {
        var stations = Enumerable.Range(0, postcodes).Select(k => Messages.Station($"{k}", $"{75001 + k}", 1, 1) with { Lat = lat, Lon = lon }).ToList();

        var areas = PostcodeAreas.Build(stations);

        Assert.InRange(areas.Count, 1, postcodes - 1);
        Assert.All(areas, a => Assert.True(a.Area is Polygon or MultiPolygon && !a.Area.IsEmpty && a.Area.IsValid, $"{a.Postcode}: {a.Area.GeometryType}"));
        Assert.All(areas.SelectMany(a => a.Area.Coordinates), c => Assert.True(Math.Abs(c.X) <= 180 && Math.Abs(c.Y) <= 90, $"{c} is not a longitude and latitude"));

        // The page draws the areas left, and the GeoJSON gives the others a null geometry.
        var map = NetworkMap.Of(stations[0].Tick, Assemblies.New().Process(Assemblies.Records(stations)).Published, stations);
        var (page, geoJson) = (new StringWriter(), new StringWriter());
        HtmlMap.Write(page, map);
        GeoJsonMap.Write(geoJson, map);
        Assert.Equal(areas.Count, new HtmlParser().ParseDocument(page.ToString()).QuerySelectorAll("svg path[data-postcode]").Length);
        var features = System.Text.Json.Nodes.JsonNode.Parse(geoJson.ToString())!["features"]!.AsArray();
        Assert.Equal(postcodes - areas.Count, features.Count(f => (string?)f!["properties"]!["kind"] == "postcode" && f["geometry"] is null));
    }

    [Fact]
    public void No_station_with_position_and_postcode_gives_no_area()
    {
        var stations = new[] { Messages.Station("16107", null, 1, 2), Messages.Station("32017", "93200", 4, 5) };

        Assert.Empty(PostcodeAreas.Build(stations));
    }

    /// <summary>The rules of the map, for any station set.</summary>
    internal static void AssertHold(IReadOnlyList<StationMessage> stations, IReadOnlyList<PostcodeArea> areas)
    {
        var placed = stations.Where(s => s is { Lat: not null, Lon: not null, Postcode: not null }).ToList();
        Assert.Equal(placed.Select(s => s.Postcode!).Distinct().Order(StringComparer.Ordinal), areas.Select(a => a.Postcode));
        var toMetres = Metres(placed);
        var inMetres = areas.Select(a => (a.Postcode, Area: toMetres.Transform(a.Area))).ToList();

        foreach (var (postcode, area) in areas)
        {
            Assert.True(area.IsValid, $"{postcode}: invalid area");
            Assert.True(area is Polygon or MultiPolygon && !area.IsEmpty, $"{postcode}: {area.GeometryType}");
            Assert.All(area.Coordinates, c => Assert.Equal((Math.Round(c.X, 6), Math.Round(c.Y, 6)), (c.X, c.Y)));
        }

        for (var i = 0; i < inMetres.Count; i++)
        {
            for (var j = i + 1; j < inMetres.Count; j++)
            {
                var (a, b) = (inMetres[i], inMetres[j]);
                var overlap = a.Area.EnvelopeInternal.Intersects(b.Area.EnvelopeInternal) ? OverlayNGRobust.Overlay(a.Area, b.Area, SpatialFunction.Intersection).Area : 0;
                Assert.True(overlap <= OverlapTolerance, $"{a.Postcode} and {b.Postcode} overlap by {overlap:0.####} m²");
            }
        }

        var shared = placed.GroupBy(s => (s.Lat, s.Lon)).Where(g => g.Select(s => s.Postcode).Distinct().Count() > 1).SelectMany(g => g).ToHashSet();
        var byPostcode = areas.ToDictionary(a => a.Postcode, a => a.Area);
        foreach (var station in placed)
        {
            var area = byPostcode[station.Postcode!];
            Assert.True(
                shared.Contains(station) ? area.Distance(Point(station)) <= GridDegrees : area.Contains(Point(station)),
                $"station {station.StationCode} is outside the area of {station.Postcode}");
        }

        // No further than its stations serve: each vertex within the served radius of one of them (and the disc's rounding).
        foreach (var (postcode, area) in inMetres)
        {
            var sites = placed.Where(s => s.Postcode == postcode).Select(s => toMetres.Transform(Point(s))).ToList();
            Assert.All(area.Coordinates, c => Assert.True(
                sites.Min(site => site.Coordinate.Distance(c)) <= PostcodeAreas.ServedRadiusMetres + 0.5,
                $"{postcode} reaches {c} beyond its stations"));
        }
    }

    /// <summary>A lone station's area: its whole disc, the 32-gon NTS draws for a circle (99.4 % of the circle's area).</summary>
    private static void AssertDisc(IReadOnlyList<StationMessage> stations, PostcodeArea area)
    {
        var station = stations.Single(s => s.Postcode == area.Postcode);
        var disc = Math.PI * Math.Pow(PostcodeAreas.ServedRadiusMetres, 2);
        var actual = Metres([station]).Transform(area.Area).Area;
        Assert.InRange(actual, 0.99 * disc, disc);
    }

    private static Point Point(StationMessage s) => Factory.CreatePoint(new Coordinate(s.Lon!.Value, s.Lat!.Value));

    /// <summary>Metres east and north of the stations' mean position (equirectangular; within 0.1 % over the network).</summary>
    private static AffineTransformation Metres(IReadOnlyCollection<StationMessage> stations)
    {
        var (lon0, lat0) = (stations.Average(s => s.Lon!.Value), stations.Average(s => s.Lat!.Value));
        const double MetresPerDegree = 6_371_008.8 * Math.PI / 180;
        return AffineTransformation.TranslationInstance(-lon0, -lat0).Scale(MetresPerDegree * Math.Cos(lat0 * Math.PI / 180), MetresPerDegree);
    }

    private sealed class CountingSequences : CoordinateSequenceFactory
    {
        public int Made { get; set; }

        public override CoordinateSequence Create(int size, int dimension, int measures)
        {
            Made++;
            return CoordinateArraySequenceFactory.Instance.Create(size, dimension, measures);
        }
    }
}
