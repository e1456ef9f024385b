using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Velib.Core.Map;

/// <summary>
/// A convex polygon clipped to a circle around a point inside it. Hand-written rather than an overlay with a polygonal
/// disc: a circle cuts the edge two Voronoi cells share at one same point for both (the edge is equidistant from their
/// sites), where two polygonal discs cut it at two points, and rounding then makes neighbouring areas overlap.
/// </summary>
internal static class DiscClip
{
    /// <summary>Points per full circle: the arcs' chords stay within 2.5 m of a 500 m circle. Always at the same angles.</summary>
    private const int CirclePoints = 32;

    private const double Step = 2 * Math.PI / CirclePoints;

    public static Polygon Clip(Polygon cell, Coordinate centre, double radius, GeometryFactory factory)
    {
        var ring = cell.Shell.Coordinates;
        if (!Orientation.IsCCW(ring))
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
            var circle = Enumerable.Range(0, CirclePoints).Select(k => new Coordinate(centre.X + (radius * Math.Cos(k * Step)), centre.Y + (radius * Math.Sin(k * Step)))).ToList();
            return factory.CreatePolygon([.. circle, circle[0]]);
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

        boundary.Add(boundary[0]);
        return factory.CreatePolygon([.. boundary]);
    }

    /// <summary>The circle's fixed points strictly between two angles, counter-clockwise.</summary>
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
