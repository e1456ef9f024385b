using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Precision;
using NetTopologySuite.Triangulate;
using Velib.Core.Messages;

namespace Velib.Core.Map;

/// <summary>A postcode's area, longitude/latitude rounded to 6 decimals (about 0.1 m).</summary>
public sealed record PostcodeArea(string Postcode, Geometry Area);

/// <summary>
/// The map of the network by postcode, from the stations alone (the feed has no postcode contours): each station's
/// Voronoi cell, clipped to a disc around it, and the cells merged per postcode. Only stations with a position and a
/// postcode take part. Areas are valid and never overlap; each covers all its stations. Stations sharing one position
/// share one cell: when their postcodes differ, the cell is cut into sectors from that position, one per postcode, so
/// each of those areas has the station on its boundary.
/// </summary>
public static class PostcodeAreas
{
    /// <summary>
    /// How far a station serves: a six-minute walk, about twice the usual spacing of Vélib' stations (median nearest
    /// neighbour 230 m on the 2025-10-18 feed), so dense parts of the network form one continuous map while an isolated
    /// station keeps a disc of its own instead of a cell stretched to the next town.
    /// </summary>
    public const double ServedRadiusMetres = 500;

    private const double MetresPerDegree = 6_371_008.8 * Math.PI / 180;

    private static readonly GeometryFactory Factory = new();
    private static readonly PrecisionModel Centimetres = new(100);
    private static readonly PrecisionModel Microdegrees = new(1e6);

    public static IReadOnlyList<PostcodeArea> Build(IEnumerable<StationMessage> stations)
    {
        ArgumentNullException.ThrowIfNull(stations);
        var placed = stations.Where(s => s is { Lat: not null, Lon: not null, Postcode: not null }).ToList();
        if (placed.Count == 0)
        {
            return [];
        }

        // Equirectangular, centred on the stations: metres within 0.1 % across the 30 km of the network.
        var (lon0, lat0) = (placed.Average(s => s.Lon!.Value), placed.Average(s => s.Lat!.Value));
        var toMetres = AffineTransformation.TranslationInstance(-lon0, -lat0).Scale(MetresPerDegree * Math.Cos(lat0 * Math.PI / 180), MetresPerDegree);
        var toDegrees = toMetres.GetInverse();

        // Stations less than a centimetre apart are one site: one cell, as if at one position.
        var sites = placed
            .GroupBy(s => ToCentimetre(toMetres.Transform(new Coordinate(s.Lon!.Value, s.Lat!.Value), new Coordinate())))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Postcode!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

        var pieces = Cells([.. sites.Keys]).SelectMany(cell =>
        {
            var site = (Coordinate)cell.UserData;
            var served = DiscClip.Clip((Polygon)cell, site, ServedRadiusMetres, Factory);
            var postcodes = sites[site];
            return postcodes.Length == 1
                ? [(Postcode: postcodes[0], Piece: served)]
                : postcodes.Select((postcode, i) => (Postcode: postcode, Piece: (Geometry)Sector(served, site, i, postcodes.Length)));
        });

        return [.. pieces
            .GroupBy(p => p.Postcode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PostcodeArea(g.Key, ToDegrees(OverlayNGRobust.Union(g.Select(p => p.Piece)), toDegrees)))];
    }

    /// <summary>
    /// Snapped to a centimetre grid first: the unions keep slivers far thinner than that where neighbouring discs cross a
    /// shared edge, and converting those to degrees could make them self-intersect. Then each is valid on the output's grid.
    /// </summary>
    private static Geometry ToDegrees(Geometry metres, AffineTransformation toDegrees) =>
        GeometryPrecisionReducer.Reduce(toDegrees.Transform(GeometryPrecisionReducer.Reduce(metres, Centimetres)), Microdegrees);

    /// <summary>The Voronoi cell of each site, its <see cref="Geometry.UserData"/> the site; bounded well beyond every disc.</summary>
    private static Geometry[] Cells(IReadOnlyCollection<Coordinate> sites)
    {
        var bounds = new Envelope(sites);
        bounds.ExpandBy(ServedRadiusMetres * 2);
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = bounds };
        builder.SetSites([.. sites]);
        return builder.GetDiagram(Factory).Geometries;
    }

    private static Coordinate ToCentimetre(Coordinate metres) => new(Math.Round(metres.X, 2), Math.Round(metres.Y, 2));

    /// <summary>
    /// Part <paramref name="index"/> of <paramref name="count"/> of a convex area around <paramref name="site"/>: the site
    /// and a run of the area's own vertices, so that no cut adds a vertex on an edge a neighbouring cell shares.
    /// </summary>
    private static Polygon Sector(Polygon area, Coordinate site, int index, int count)
    {
        var ring = area.Shell.Coordinates;
        var vertices = ring.Length - 1;
        if (vertices < count)
        {
            throw new InvalidOperationException($"{count} postcodes share one position whose cell has only {vertices} vertices");
        }

        var (from, to) = (index * vertices / count, (index + 1) * vertices / count);
        return Factory.CreatePolygon([site, .. ring[from..(to + 1)], site]);
    }
}
