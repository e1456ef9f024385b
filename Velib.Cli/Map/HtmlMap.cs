using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using NetTopologySuite.Geometries;
using Velib.Core.Map;
using Velib.Core.Messages;

namespace Velib.Cli.Map;

/// <summary>
/// The map as one self-contained HTML page (inline CSS and SVG, no script, no external resource): each postcode's
/// area filled by its bikes on viridis, log scale, the stations as dots, and the same numbers in a table below.
/// </summary>
internal static partial class HtmlMap
{
    /// <summary>Matplotlib's viridis at nine even steps: readable in grey and with every common colour-vision deficiency.</summary>
    private static readonly (int R, int G, int B)[] Viridis =
        [(68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141), (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37)];

    private static readonly HtmlEncoder Escape = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // XML 1.0 has no C0 control character but tab and line ends, not even as a reference: replaced, the SVG taken out of
    // the page is still well-formed XML.
    private static string Encode(string text) => Escape.Encode(XmlControl().Replace(text, "\uFFFD"));

    public static void Write(TextWriter output, NetworkMap map)
    {
        var tick = UtcTimestampConverter.ToText(map.Tick);
        var scale = new LogScale(map.Totals.Select(t => t.TotalBikes));
        var view = new MapView(map);
        var unresolved = map.Stations.Count(s => s.Postcode is null);
        var unresolvedUnplaced = map.Stations.Count(s => s.Postcode is null && (s.Lon is null || s.Lat is null));
        var withoutArea = map.Totals.Where(t => !map.Areas.ContainsKey(t.Postcode)).Select(t => Encode(t.Postcode)).ToList();
        var page = new StringBuilder(1 << 20);
        page.Append(Invariant, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Count(map.TotalBikes, "Vélib' bike")} by postcode, tick {tick}</title>
            <style>{Css}</style>
            </head>
            <body>
            <header>
            <h1>{Count(map.TotalBikes, "Vélib' bike")} by postcode <small>tick <time datetime="{tick}">{tick}</time></small></h1>
            <p>{Count(map.Totals.Count, "postcode")}, {Count(map.Totals.Sum(t => (long)t.StationCount), "station")}: {map.Totals.Sum(t => (long)t.MechanicalBikes):N0} mechanical and {map.Totals.Sum(t => (long)t.ElectricBikes):N0} electric {(map.TotalBikes == 1 ? "bike" : "bikes")}, {Count(map.Totals.Sum(t => (long)t.DocksAvailable), "free dock")}. A postcode's area is made of its stations' Voronoi cells, each within {PostcodeAreas.ServedRadiusMetres:N0} m of its station.{Unresolved(unresolved, unresolvedUnplaced)}{WithoutArea(withoutArea)}</p>
            </header>
            <main>
            <div class="legend"><span>Bikes available per postcode (log scale)</span>{Legend(scale)}<span><svg viewBox="-4 -4 8 8" aria-hidden="true"><circle r="2.5" class="station"/></svg> station</span>{(unresolved > unresolvedUnplaced ? $"""<span><svg viewBox="-4 -4 8 8" aria-hidden="true"><path d="{Diamond(0, 0)}" class="unresolved"/></svg> station without postcode</span>""" : "")}</div>
            <svg class="map" viewBox="0 0 {MapView.Width:0} {view.Height:0.#}" style="--aspect:{MapView.Width / view.Height:0.####}" role="img" aria-labelledby="map-title">
            <title id="map-title">Map of the bikes available in {Count(map.Totals.Count - withoutArea.Count, "postcode")} at tick {tick}</title>
            <g class="areas">

            """);
        foreach (var totals in map.Totals)
        {
            if (map.Areas.TryGetValue(totals.Postcode, out var area))
            {
                page.Append(Invariant, $"""<a href="#{RowId(totals.Postcode)}"><path data-postcode="{Encode(totals.Postcode)}" fill="{scale.Colour(totals.TotalBikes)}" d="{view.Path(area)}"><title>{Encode(Describe(totals, tick))}</title></path></a>""").Append('\n');
            }
        }

        page.Append("</g>\n<g class=\"stations\">\n");
        foreach (var station in map.Stations)
        {
            if (station is { Lon: { } lon, Lat: { } lat })
            {
                var at = view.Point(new Coordinate(lon, lat));
                var title = Encode(Describe(station));
                var dot = station.Postcode is null
                    ? $"""<path class="unresolved" d="{Diamond(at.X, at.Y)}"><title>{title}</title></path>"""
                    : string.Create(Invariant, $"""<circle class="station" cx="{at.X:0.#}" cy="{at.Y:0.#}" r="1.8"><title>{title}</title></circle>""");
                page.Append(dot).Append('\n');
            }
        }

        // Above the dots, which would hide their digits; they let the pointer through to the dots and areas.
        page.Append("</g>\n<g class=\"labels\" aria-hidden=\"true\">\n");
        foreach (var totals in map.Totals)
        {
            if (map.Areas.TryGetValue(totals.Postcode, out var area) && view.Label(area, totals.Postcode.Length) is { } at)
            {
                page.Append(Invariant, $"""<text x="{at.X:0.#}" y="{at.Y:0.#}" class="{(scale.IsDark(totals.TotalBikes) ? "on-dark" : "on-light")}">{Encode(totals.Postcode)}</text>""").Append('\n');
            }
        }

        page.Append(Invariant, $"""
            </g>
            {view.ScaleBar()}
            </svg>
            <div class="table"><table>
            <caption>Bikes available per postcode <small>at tick {tick}</small></caption>
            <thead><tr><th scope="col">Postcode, city</th><th scope="col">Bikes</th><th scope="col">Mechan&shy;ical</th><th scope="col">Elec&shy;tric</th><th scope="col">Free docks</th><th scope="col">Sta&shy;tions</th></tr></thead>
            <tbody>

            """);
        foreach (var t in map.Totals)
        {
            var city = t.City is null ? "" : $""" <span class="city">{Encode(t.City)}</span>""";
            page.Append(Invariant, $"""<tr id="{RowId(t.Postcode)}" data-postcode="{Encode(t.Postcode)}"><th scope="row"><span class="swatch" style="background:{scale.Colour(t.TotalBikes)}"></span>{Encode(t.Postcode)}{city}</th><td>{t.TotalBikes:N0}</td><td>{t.MechanicalBikes:N0}</td><td>{t.ElectricBikes:N0}</td><td>{t.DocksAvailable:N0}</td><td>{t.StationCount:N0}</td></tr>""").Append('\n');
        }

        page.Append("</tbody>\n</table></div>\n</main>\n</body>\n</html>\n");
        output.Write(page);
    }

    private static string Describe(PostcodeTotals t, string tick) => string.Create(
        Invariant,
        $"{Place(t.Postcode, t.City)}: {Count(t.TotalBikes, "bike")} ({t.MechanicalBikes:N0} mechanical, {t.ElectricBikes:N0} electric), {Count(t.DocksAvailable, "free dock")}, {Count(t.StationCount, "station")}, tick {tick}");

    private static string Describe(StationMessage s) => string.Create(
        Invariant,
        $"{Place(s.StationCode, s.Name)}: {Count(s.BikesAvailable, "bike")} ({s.Mechanical:N0} mechanical, {s.Electric:N0} electric){(s.DocksAvailable is { } docks ? $", {Count(docks, "free dock")}" : "")}, {(s.Postcode is null ? "no postcode: in no total" : Place(s.Postcode, s.City))}");

    private static string Unresolved(int count, int unplaced) => count == 0 ? "" : string.Create(
        Invariant,
        $" {Count(count, "station")} without postcode {(count == 1 ? "is" : "are")} in no total ({(unplaced == 0 ? "◆" : unplaced == count ? "not drawn: no position" : $"◆; {unplaced:N0} of them not drawn: no position")}).");

    // The table has every total; the map, only those with an area to draw.
    private static string WithoutArea(List<string> postcodes) => postcodes.Count switch
    {
        0 => "",
        1 => $" Postcode {postcodes[0]} is not on the map: none of its stations has a usable position.",
        _ => $" Postcodes {string.Join(", ", postcodes)} are not on the map: none of their stations has a usable position.",
    };

    private static string Place(string code, string? name) => string.IsNullOrEmpty(name) ? code : $"{code} {Isolated(name)}";

    // From U+0590 on lie the right-to-left scripts and the bidi controls: isolated (FSI…PDI), a name's direction or unclosed override cannot reorder the rest of the title.
    private static string Isolated(string name) => name.Any(c => c >= '\u0590') ? $"\u2068{name}\u2069" : name;

    private static string Count(long n, string noun) => string.Create(Invariant, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>The table row's id, which each area links to: a tap on the map names its postcode on a phone, where nothing hovers.</summary>
    private static string RowId(string postcode) => Encode($"row-{Uri.EscapeDataString(postcode)}");

    private static string Diamond(double x, double y) => string.Create(Invariant, $"M{x:0.#} {y - 3:0.#}l3 3-3 3-3-3z");

    private static string Legend(LogScale scale)
    {
        var legend = new StringBuilder("<span class=\"ramp\" role=\"img\" aria-label=\"colour scale from dark purple (few bikes) to yellow (many)\"><span class=\"bar\" style=\"background:linear-gradient(to right");
        for (var i = 0; i < Viridis.Length; i++)
        {
            legend.Append(Invariant, $",{Hex(Viridis[i])} {100.0 * i / (Viridis.Length - 1):0.#}%");
        }

        legend.Append(")\"></span>");
        foreach (var value in scale.Ticks())
        {
            legend.Append(Invariant, $"""<span class="tick" style="left:{100 * scale.Fraction(value):0.#}%">{value:N0}</span>""");
        }

        return legend.Append("</span>").ToString();
    }

    private static string Hex((int R, int G, int B) c) => string.Create(Invariant, $"#{c.R:x2}{c.G:x2}{c.B:x2}");

    /// <summary>Bikes to a viridis colour on a log scale: the postcodes range from a dozen bikes to nearly two thousand.</summary>
    private sealed class LogScale
    {
        private readonly double low;
        private readonly double high;
        private readonly int? most;

        public LogScale(IEnumerable<int> values)
        {
            var all = values.ToArray();
            most = all.Length == 0 ? null : all.Max();
            low = Math.Max(1, all.DefaultIfEmpty(1).Min());
            high = Math.Max(low, most ?? 1);
        }

        // No bike is the bottom of the scale even when every total is the same.
        public double Fraction(int value) =>
            value <= 0 ? 0 : high > low ? Math.Clamp(Math.Log(Math.Max(value, low) / low) / Math.Log(high / low), 0, 1) : 1;

        public string Colour(int value) => Hex(Rgb(value));

        // White text and black text have equal contrast on a luminance of 0.179 (WCAG 2's formula), 4.58:1: the label
        // takes the better of the two, so every label has at least that.
        public bool IsDark(int value) => Luminance(Rgb(value)) < 0.179;

        private (int R, int G, int B) Rgb(int value)
        {
            var at = Fraction(value) * (Viridis.Length - 1);
            var (from, to) = (Viridis[(int)Math.Floor(at)], Viridis[(int)Math.Ceiling(at)]);
            var f = at - Math.Floor(at);
            return ((int)Math.Round(from.R + ((to.R - from.R) * f)), (int)Math.Round(from.G + ((to.G - from.G) * f)), (int)Math.Round(from.B + ((to.B - from.B) * f)));
        }

        private static double Luminance((int R, int G, int B) c) => (0.2126 * Linear(c.R)) + (0.7152 * Linear(c.G)) + (0.0722 * Linear(c.B));

        private static double Linear(int channel)
        {
            var v = channel / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        /// <summary>1, 2, 5, 10, 20, 50… within the range, or its two ends when none fits; 0 alone when no total has a bike, none without totals.</summary>
        public IEnumerable<int> Ticks()
        {
            if (most is not > 0)
            {
                return most is null ? [] : [0];
            }

            var ticks = new List<int>();
            for (var decade = 1; decade <= high; decade *= 10)
            {
                ticks.AddRange(new[] { decade, 2 * decade, 5 * decade }.Where(v => v >= low && v <= high));
            }

            return ticks.Count >= 2 ? ticks : new[] { (int)low, (int)high }.Distinct();
        }
    }

    // The map fits the window's height unless that makes it under 1000 px wide: its 11-unit labels stay 11 px where the
    // page is that wide, and zooming the page enlarges it.
    private const string Css = """
        :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1b1b;background:#fff}
        body{margin:0 auto;max-width:1600px;padding:10px 16px 24px}
        h1{font-size:clamp(1.15rem,2.4vw,1.6rem);margin:0 0 4px}
        h1 small{font-weight:400;font-size:.65em;color:#555;white-space:nowrap}
        header p{margin:0 0 6px;font-size:.9rem;color:#333}
        .legend{display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px;font-size:.85rem;margin:0 0 6px}
        .legend svg{width:12px;height:12px;vertical-align:-1px}
        .ramp{position:relative;display:inline-block;width:min(320px,80vw);height:12px;margin:0 8px 16px}
        .bar{position:absolute;inset:0;border-radius:2px}
        .tick{position:absolute;top:13px;transform:translateX(-50%);font-size:.75rem;color:#444}
        svg.map{display:block;width:min(100%,max(1000px,calc((100vh - 120px) * var(--aspect))));height:auto;margin:0 auto;background:#e9ecef;border-radius:6px}
        .scale path{fill:none;stroke:#1b1b1b;stroke-width:1.2}
        .scale text{font-size:11px;text-anchor:middle;fill:#1b1b1b}
        .areas path{stroke:#fff;stroke-width:.7;stroke-linejoin:round;fill-rule:evenodd}
        .areas a:hover path,.areas a:focus-visible path{stroke:#111;stroke-width:2}
        .labels text{font-size:11px;font-weight:600;text-anchor:middle;dominant-baseline:central;paint-order:stroke;stroke-width:2.2px;stroke-linejoin:round;pointer-events:none}
        .on-dark{fill:#fff;stroke:rgba(0,0,0,.55)}
        .on-light{fill:#000;stroke:rgba(255,255,255,.7)}
        .station{fill:#fff;stroke:#1b1b1b;stroke-width:.6}
        .unresolved{fill:#e8590c;stroke:#1b1b1b;stroke-width:.6}
        .table{overflow-x:auto;margin-top:16px}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.9rem;min-width:100%}
        caption{text-align:left;font-weight:600;padding:4px 0}
        caption small{display:block;font-weight:400;color:#555}
        th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}
        th[scope=row],thead th:first-child{text-align:left}
        th[scope=row]{white-space:nowrap}
        .city{font-weight:400;color:#444;white-space:normal}
        thead th{border-bottom:2px solid #999}
        tbody tr{scroll-margin-top:8px}
        tbody tr:target{background:#fff3bf;outline:2px solid #1b1b1b;outline-offset:-2px}
        .swatch{display:inline-block;width:.8em;height:.8em;margin-right:6px;border-radius:2px;vertical-align:-1px}
        @media (max-width:640px){body{padding:8px}.labels{display:none}.stations{pointer-events:none}svg.map{width:100%}.scale text{font-size:30px}.scale path{stroke-width:3}table{font-size:.78rem;min-width:0;width:100%}th,td{padding:3px 4px}thead th:first-child{width:34%}.city{display:block;font-size:.92em}.swatch{margin-right:3px}}
        """;

    [GeneratedRegex("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]")]
    private static partial Regex XmlControl();
}
