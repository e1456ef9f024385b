using System.Globalization;
using System.Text;
using NetTopologySuite.Algorithm.Construct;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Velib.Cli.Map;

/// <summary>
/// Longitude/latitude to the page's SVG units: equirectangular at the map's mean latitude, north up, 1000 units wide,
/// no taller than wide and no wider than twice as tall.
/// </summary>
internal sealed class MapView
{
    public const double Width = 1000;

    /// <summary>A label's type size in the page's units.</summary>
    public const double LabelSize = 11;

    private const double Margin = 8;

    // The page writes positions to 0.1 unit: a label's box and its area's vertices each move up to 0.05.
    private const double Rounding = 0.1;
    private const double MinAspect = 0.5;
    private const double MaxAspect = 1;

    // A label's box, a little over what Chromium measured for DejaVu Sans at weight 600 (0.69 em a digit, 1.15 em tall).
    private const double LabelEmPerCharacter = 0.72;
    private const double LabelEmHeight = 1.2;

    private static readonly int[] ScaleLengths = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly AffineTransformation toPage;
    private readonly double unitsPerDegree;

    public MapView(NetworkMap map)
    {
        var bounds = new Envelope();
        foreach (var area in map.Areas.Values)
        {
            bounds.ExpandToInclude(area.EnvelopeInternal);
        }

        foreach (var s in map.Stations.Where(s => s is { Lon: not null, Lat: not null }))
        {
            bounds.ExpandToInclude(s.Lon!.Value, s.Lat!.Value);
        }

        if (bounds.IsNull)
        {
            bounds.ExpandToInclude(2.35, 48.86);
        }

        bounds.ExpandBy(0.002);
        var cosLat = Math.Cos(bounds.Centre.Y * Math.PI / 180);

        // The bounds' height to width within the view's, margins aside: one station or none would be a tall strip.
        var (least, most) = (((Width * MinAspect) - (2 * Margin)) / (Width - (2 * Margin)), ((Width * MaxAspect) - (2 * Margin)) / (Width - (2 * Margin)));
        var aspect = bounds.Height / (bounds.Width * cosLat);
        if (aspect > most)
        {
            bounds.ExpandBy(((bounds.Height / most / cosLat) - bounds.Width) / 2, 0);
        }
        else if (aspect < least)
        {
            bounds.ExpandBy(0, ((bounds.Width * cosLat * least) - bounds.Height) / 2);
        }

        unitsPerDegree = (Width - (2 * Margin)) / (bounds.Width * cosLat);
        Height = (bounds.Height * unitsPerDegree) + (2 * Margin);
        toPage = new AffineTransformation(cosLat * unitsPerDegree, 0, Margin - (bounds.MinX * cosLat * unitsPerDegree), 0, -unitsPerDegree, Margin + (bounds.MaxY * unitsPerDegree));
    }

    public double Height { get; }

    public (double X, double Y) Point(Coordinate c)
    {
        var at = toPage.Transform(c, new Coordinate());
        return (at.X, at.Y);
    }

    /// <summary>
    /// Where a label of <paramref name="characters"/> goes: on the area's largest part, at the centre of the largest
    /// circle inside that part squeezed to the label's proportions; null when the label's box does not fit there.
    /// </summary>
    public (double X, double Y)? Label(Geometry area, int characters)
    {
        var part = Enumerable.Range(0, area.NumGeometries).Select(i => toPage.Transform(area.GetGeometryN(i))).MaxBy(p => p.Area)!;
        var (halfWidth, halfHeight) = (characters * LabelEmPerCharacter * LabelSize / 2, LabelEmHeight * LabelSize / 2);

        // No box fits a part narrower or lower than itself; the search below costs a sliver's length (stations in a line).
        var extent = part.EnvelopeInternal;
        if (extent.Width < 2 * (halfWidth + Rounding) || extent.Height < 2 * (halfHeight + Rounding))
        {
            return null;
        }

        var squeezed = MaximumInscribedCircle.GetCenter(AffineTransformation.ScaleInstance(halfHeight / halfWidth, 1).Transform(part), 0.25).Coordinate;
        var (x, y) = (squeezed.X * halfWidth / halfHeight, squeezed.Y);
        var box = part.Factory.ToGeometry(new Envelope(x - halfWidth - Rounding, x + halfWidth + Rounding, y - halfHeight - Rounding, y + halfHeight + Rounding));
        return part.Covers(box) ? (x, y) : null;
    }

    /// <summary>
    /// A bar of 10 m, 20 m, 50 m, 100 m… the longest no longer than a fifth of the map's width, in its bottom left
    /// corner.
    /// </summary>
    public string ScaleBar()
    {
        // 10 m always fits: the bounds grow by 0.002° each way and the aspect clamp keeps the view at least 445 m wide.
        var unitsPerMetre = unitsPerDegree / (6_371_008.8 * Math.PI / 180);
        var metres = ScaleLengths.Last(m => m * unitsPerMetre <= Width / 5);
        var length = metres * unitsPerMetre;
        return string.Create(
            Invariant,
            $"""<g class="scale" aria-hidden="true" transform="translate({Margin + 6:0.#} {Height - Margin - 8:0.#})"><path d="M0 -4V0H{length:0.#}V-4"/><text x="{length / 2:0.#}" y="-6">{(metres >= 1000 ? $"{metres / 1000} km" : $"{metres} m")}</text></g>""");
    }

    public string Path(Geometry area)
    {
        var d = new StringBuilder();
        foreach (var polygon in Enumerable.Range(0, area.NumGeometries).Select(i => (Polygon)area.GetGeometryN(i)))
        {
            foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
            {
                var previous = "";
                foreach (var c in ring.Coordinates)
                {
                    var (x, y) = Point(c);
                    var point = string.Create(Invariant, $"{x:0.#} {y:0.#}");
                    if (point != previous)
                    {
                        d.Append(previous.Length == 0 ? "M" : " ").Append(point);
                        previous = point;
                    }
                }

                d.Append('Z');
            }
        }

        return d.ToString();
    }
}
