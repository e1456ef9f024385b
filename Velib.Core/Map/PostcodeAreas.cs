using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Triangulate;
using Velib.Core.Messages;

namespace Velib.Core.Map;

/// <summary>A postcode's area, longitude/latitude rounded to 6 decimals (about 0.1 m).</summary>
public sealed record PostcodeArea(string Postcode, Geometry Area);

/// <summary>
/// The network by postcode from the stations alone (the feed has no contours): the Voronoi cell of each station with a
/// position and a postcode, clipped to a disc, merged per postcode. Valid, never overlapping, each covering its stations.
/// </summary>
public static class PostcodeAreas
{
    /// <summary>A six-minute walk, about twice the median spacing of stations (230 m): a continuous map where the network is dense, a disc for an isolated station.</summary>
    public const double ServedRadiusMetres = 500;

    // Points per full circle, always at the same angles: the arcs' chords stay within 2.5 m of a 500 m circle.
    private const int CirclePoints = 32;
    private const double Step = 2 * Math.PI / CirclePoints;
    private const double MetresPerDegree = 6_371_008.8 * Math.PI / 180;

    private static readonly GeometryFactory Factory = new();
    private static readonly PrecisionModel Microdegrees = new(1e6);
    private static readonly Envelope World = new(-180, 180, -90, 90);

    // The grid's step; snap rounding moves an edge by at most half its diagonal.
    private const double Microdegree = 1e-6;

    public static IReadOnlyList<PostcodeArea> Build(IEnumerable<StationMessage> stations)
    {
        ArgumentNullException.ThrowIfNull(stations);
        var placed = stations.Where(s => s is { Lat: not null, Lon: not null, Postcode: not null }).ToList();
        if (placed.Count == 0)
        {
            return [];
        }

        // Equirectangular, centred on the stations: metres east-west within 0.2 % across the 22 km north to south of the network.
        var (lon0, lat0) = (placed.Average(s => s.Lon!.Value), placed.Average(s => s.Lat!.Value));
        var toMetres = AffineTransformation.TranslationInstance(-lon0, -lat0).Scale(MetresPerDegree * Math.Cos(lat0 * Math.PI / 180), MetresPerDegree);
        var toDegrees = toMetres.GetInverse();

        // Stations less than a centimetre apart are one site: one cell, as if at one position.
        var sites = placed
            .GroupBy(s => ToCentimetre(toMetres.Transform(new Coordinate(s.Lon!.Value, s.Lat!.Value), new Coordinate())))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Postcode!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

        // Each cell's UserData is its site. The cells are left unclipped (the triangulation's far frame bounds them): the
        // builder's clipping is an overlay that throws for stations in a line or on a grid, and the discs clip anyway.
        // A lone site has no cell but the clip's.
        var bounds = new Envelope(sites.Keys);
        bounds.ExpandBy(ServedRadiusMetres * 2);
        var voronoi = new VoronoiDiagramBuilder { ClipEnvelope = bounds };
        voronoi.SetSites([.. sites.Keys]);
        var cells = sites.Count == 1 ? voronoi.GetDiagram(Factory).Geometries : voronoi.GetSubdivision().GetVoronoiCellPolygons(Factory);
        var pieces = cells.SelectMany(cell =>
        {
            var site = (Coordinate)cell.UserData;
            var served = ClipToDisc((Polygon)cell, site, ServedRadiusMetres);
            var postcodes = sites[site];
            return postcodes.Length == 1
                ? [(Postcode: postcodes[0], Piece: served)]
                : postcodes.Select((postcode, i) => (Postcode: postcode, Piece: (Geometry)Sector(served, site, i, postcodes.Length)));
        });

        var areas = pieces
            .GroupBy(p => p.Postcode, StringComparer.Ordinal)
            .Select(g => new PostcodeArea(g.Key, InWorld(toDegrees.Transform(OverlayNGRobust.Union(g.Select(p => p.Piece))))))
            .ToList();
        return RoundedTogether(areas);
    }

    // Rounded to the output's grid together, because rounded one by one an edge two areas share could move differently
    // on each side (they overlapped by up to 30 m²): one snap-rounded noding of every area's boundary, each of its faces
    // given to the area that holds the face's interior (at a point of it further from its edge than the rounding moved
    // that edge: see InsidePoint).
    private static List<PostcodeArea> RoundedTogether(List<PostcodeArea> areas)
    {
        var index = new STRtree<PostcodeArea>();
        areas.ForEach(a => index.Insert(a.Area.EnvelopeInternal, a));
        var polygonizer = new Polygonizer();
        polygonizer.Add(UnaryUnionNG.Union(Factory.BuildGeometry([.. areas.Select(a => a.Area.Boundary)]), Microdegrees));

        // A face in no area is a gap between them. A postcode whose area is everywhere thinner than the grid (stations
        // centimetres apart, one at ±180°) gets no face, so no area.
        return [.. polygonizer.GetPolygons()
            .Select(face => (Face: face, Owner: Owner(index, InsidePoint(face))))
            .Where(f => f.Owner is not null)
            .GroupBy(f => f.Owner!.Postcode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PostcodeArea(g.Key, UnaryUnionNG.Union(Factory.BuildGeometry([.. g.Select(f => f.Face)]), Microdegrees)))];
    }

    // Where a face is pinched on its InteriorPoint's scan line, that point may lie within the rounding of its edge, on the
    // neighbour's side: then a point of the face less a grid step round its edge is taken, if any is left. The point
    // furthest inside (MaximumInscribedCircle) cost the face's length over the search's tolerance: minutes for stations
    // in a line, whose faces are slivers one grid step wide; a buffer costs the face's vertices.
    internal static Coordinate InsidePoint(Geometry face)
    {
        var point = face.InteriorPoint;
        return face.Boundary.Distance(point) <= Microdegree && face.Buffer(-Microdegree) is { IsEmpty: false } core ? core.InteriorPoint.Coordinate : point.Coordinate;
    }

    private static PostcodeArea? Owner(STRtree<PostcodeArea> index, Coordinate point) =>
        index.Query(new Envelope(point)).FirstOrDefault(a => SimplePointInAreaLocator.IsContained(point, a.Area));

    // A disc round a station at the antimeridian or a pole reaches past ±180° or ±90°: cut there, as RFC 7946 has no such
    // coordinate. What the cut leaves of a slice wholly past it is a point or a line, no area: an empty polygon, not the
    // empty collection BuildGeometry makes of no polygon, whose Boundary throws.
    private static Geometry InWorld(Geometry degrees) => World.Contains(degrees.EnvelopeInternal) ? degrees
        : PolygonExtracter.GetPolygons(degrees.Intersection(Factory.ToGeometry(World))) is { Count: > 0 } polygons ? Factory.BuildGeometry(polygons)
        : Factory.CreatePolygon();

    private static Coordinate ToCentimetre(Coordinate metres) => new(Math.Round(metres.X, 2), Math.Round(metres.Y, 2));

    // Stations of several postcodes at one site share its cell: one slice each, from the site through a run of the
    // cell's own vertices, so that no cut adds a vertex on an edge a neighbouring cell shares.
    private static Polygon Sector(Polygon area, Coordinate site, int index, int count)
    {
        var ring = area.Shell.Coordinates;
        var vertices = ring.Length - 1;
        if (count <= vertices || index < vertices - 1)
        {
            var runs = Math.Min(count, vertices);
            var (from, to) = (index * vertices / runs, (index + 1) * vertices / runs);
            return Factory.CreatePolygon([site, .. ring[from..(to + 1)], site]);
        }

        // More postcodes than vertices: the last edge's triangle, less a fan from the site over the segment from the
        // triangle's centre to its last vertex, that fan cut among the postcodes left at points that both sides share.
        var (a, b) = (ring[vertices - 1], ring[vertices]);
        var (cx, cy, slices) = ((site.X + a.X + b.X) / 3, (site.Y + a.Y + b.Y) / 3, count - vertices);
        Coordinate[] cuts = [.. Enumerable.Range(0, slices + 1).Select(k => new Coordinate(cx + ((b.X - cx) * k / slices), cy + ((b.Y - cy) * k / slices)))];
        var slice = index - vertices;
        return Factory.CreatePolygon(slice < 0 ? [site, a, .. cuts.Reverse(), site] : [site, cuts[slice], cuts[slice + 1], site]);
    }

    // A convex cell clipped to the circle round its site, by hand rather than by an overlay with a polygonal disc: two
    // sites' circles cut their shared edge (equidistant from both) at one point, two polygons at two, overlapping once rounded.
    private static Polygon ClipToDisc(Polygon cell, Coordinate centre, double radius)
    {
        var ring = cell.Shell.Coordinates;
        // By signed area: two vertices an ulp apart at the top (sites on one circle) fool IsCCW, and the whole disc was kept.
        if (!Orientation.IsCCWArea(ring))
        {
            ring = [.. ring.Reverse()];
        }

        // The boundary of the result, counter-clockwise: the cell's vertices inside the circle and the crossings of its edges.
        var events = new List<(Coordinate Point, bool Exit)>();
        for (var i = 0; i + 1 < ring.Length; i++)
        {
            var (p, q) = (ring[i], ring[i + 1]);
            if (p.Distance(centre) <= radius)
            {
                events.Add((p, false));
            }

            var (dx, dy, fx, fy) = (q.X - p.X, q.Y - p.Y, p.X - centre.X, p.Y - centre.Y);
            var (a, b, c) = ((dx * dx) + (dy * dy), 2 * ((fx * dx) + (fy * dy)), (fx * fx) + (fy * fy) - (radius * radius));
            var discriminant = (b * b) - (4 * a * c);
            if (discriminant <= 0)
            {
                continue;
            }

            foreach (var (t, exit) in new[] { ((-b - Math.Sqrt(discriminant)) / (2 * a), false), ((-b + Math.Sqrt(discriminant)) / (2 * a), true) })
            {
                if (t is > 0 and < 1)
                {
                    events.Add((new Coordinate(p.X + (t * dx), p.Y + (t * dy)), exit));
                }
            }
        }

        if (events.Count == 0)
        {
            // The circle lies wholly inside the cell: all of it, from angle 0 round to angle 0.
            events.Add((new Coordinate(centre.X + radius, centre.Y), true));
        }

        var boundary = new List<Coordinate>();
        for (var i = 0; i < events.Count; i++)
        {
            boundary.Add(events[i].Point);
            if (events[i].Exit)
            {
                var entry = events[(i + 1) % events.Count].Point;
                boundary.AddRange(Arc(centre, radius, Angle(centre, events[i].Point), Angle(centre, entry)));
            }
        }

        // On a 0.1 mm grid, the point where two neighbours' circles cut their shared edge is one point, not two an ulp
        // apart: at such near-twins OverlayNG's floating-point union can drop a whole piece without an error.
        boundary.Add(boundary[0]);
        return Factory.CreatePolygon([.. boundary.Select(c => new Coordinate(Math.Round(c.X, 4), Math.Round(c.Y, 4)))]);
    }

    // The circle's fixed points strictly between two angles, counter-clockwise.
    private static IEnumerable<Coordinate> Arc(Coordinate centre, double radius, double from, double to)
    {
        if (to <= from)
        {
            to += 2 * Math.PI;
        }

        for (var k = Math.Floor(from / Step) + 1; k * Step < to; k++)
        {
            yield return new Coordinate(centre.X + (radius * Math.Cos(k * Step)), centre.Y + (radius * Math.Sin(k * Step)));
        }
    }

    private static double Angle(Coordinate centre, Coordinate point) => Math.Atan2(point.Y - centre.Y, point.X - centre.X);
}
