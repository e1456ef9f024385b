using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// The page of <c>velib map</c> on the recorded feed, rendered by headless Chromium: what the browser built (its DOM)
/// shows each postcode of <c>velib run</c> with its numbers, and a screenshot is the map in its colours.
/// </summary>
public partial class MapBrowserTests
{
    [ChromiumFact]
    public async Task Every_postcode_of_run_has_its_area_and_its_row_with_its_numbers_in_the_rendered_page()
    {
        var (_, run, _) = await VelibInProcess.RunAsync(["run", "--stations", "all", .. VelibInProcess.Recorded]);
        var totals = run.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        var tick = (string)totals[0]["tick"]!;

        var dom = new HtmlParser().ParseDocument(await RenderAsync("--dump-dom"));

        var bikes = totals.Sum(t => (int)t["totalBikes"]!).ToString("N0", CultureInfo.InvariantCulture);
        Assert.Equal("17,418", bikes);
        Assert.All(new[] { dom.Title!, dom.QuerySelector("h1")!.TextContent }, text => Assert.True(text.Contains(bikes, StringComparison.Ordinal) && text.Contains(tick, StringComparison.Ordinal), text));
        var areas = dom.QuerySelectorAll("svg path[data-postcode]").ToDictionary(p => p.GetAttribute("data-postcode")!);
        var rows = dom.QuerySelectorAll("table tbody tr[data-postcode]").ToDictionary(r => r.GetAttribute("data-postcode")!);
        Assert.Equal(totals.Count, areas.Count);
        Assert.Equal(totals.Count, rows.Count);
        foreach (var total in totals)
        {
            var postcode = (string)total["postcode"]!;
            var expected = ((string?)total["city"] ?? "", (int)total["totalBikes"]!, (int)total["mechanicalBikes"]!, (int)total["electricBikes"]!, (int)total["docksAvailable"]!, (int)total["stationCount"]!);

            Assert.Matches("^M[0-9. ]+Z", areas[postcode].GetAttribute("d"));
            var title = AreaTitle().Match(areas[postcode].QuerySelector("title")!.TextContent);
            Assert.True(title.Success, areas[postcode].QuerySelector("title")!.TextContent);
            Assert.Equal((postcode, tick), (title.Groups["postcode"].Value, title.Groups["tick"].Value));
            Assert.Equal(expected, (title.Groups["city"].Value, Number(title.Groups["bikes"].Value), Number(title.Groups["mechanical"].Value), Number(title.Groups["electric"].Value), Number(title.Groups["docks"].Value), Number(title.Groups["stations"].Value)));

            var cells = rows[postcode].Children.Select(c => c.TextContent).ToArray();
            var city = rows[postcode].QuerySelector("th .city")?.TextContent ?? "";
            Assert.Equal(city.Length == 0 ? postcode : $"{postcode} {city}", cells[0]);
            Assert.Equal(expected, (city, Number(cells[1]), Number(cells[2]), Number(cells[3]), Number(cells[4]), Number(cells[5])));
        }
    }

    [ChromiumFact]
    public async Task A_screenshot_at_1400_by_1000_shows_the_map_in_its_colours()
    {
        var folder = Directory.CreateTempSubdirectory("velib-map-");
        var png = Path.Combine(folder.FullName, "map.png");

        await RenderAsync($"--screenshot={png}", "--window-size=1400,1000");

        var image = PngImage.Read(await File.ReadAllBytesAsync(png));
        folder.Delete(recursive: true);
        Assert.Equal((1400, 1000), (image.Width, image.Height));
        var pixels = (from y in Enumerable.Range(0, image.Height / 2) from x in Enumerable.Range(0, image.Width / 2) select image[2 * x, 2 * y]).ToList();
        Assert.True(pixels.Count(p => p != (255, 255, 255)) > pixels.Count / 2, "the map does not fill the page");
        Assert.True(pixels.Distinct().Count() > 200, $"only {pixels.Distinct().Count()} colours");

        // The two ends of the scale: 75015 (1,795 bikes) in viridis' yellow, and the postcodes of 11 bikes in its purple.
        Assert.True(pixels.Count(p => Near(p, (253, 231, 37))) > pixels.Count / 200, "no area in the top colour");
        Assert.True(pixels.Count(p => Near(p, (68, 1, 84))) > pixels.Count / 1000, "no area in the bottom colour");
    }

    /// <summary>
    /// On a phone (390 px wide) the page and its table fit the screen, the scale bar's text is readable, and a tap inside
    /// an area (nothing hovers there) opens its postcode's row, highlighted.
    /// </summary>
    [ChromiumFact]
    public async Task On_a_phone_the_table_fits_the_scale_is_readable_and_a_tap_on_an_area_shows_its_row()
    {
        var phone = await ProbeAsync(390, 900, """
            const win = doc.defaultView;
            const table = doc.querySelector('.table');
            const cells = [...doc.querySelectorAll('table th, table td')].map(c => c.getBoundingClientRect().right);
            // A point well inside each area (its fill 3 units around), hit-tested as a tap there would be.
            const inside = (path, x, y) => [[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => path.isPointInFill(new DOMPoint(x + dx, y + dy)));
            const hits = [...doc.querySelectorAll('.areas path[data-postcode]')].map(path => {
              const box = path.getBBox();
              for (let i = 1; i < 32; i++) for (let j = 1; j < 32; j++) {
                const [x, y] = [box.x + box.width * i / 32, box.y + box.height * j / 32];
                if (inside(path, x, y)) {
                  const at = new DOMPoint(x, y).matrixTransform(path.getScreenCTM());
                  return [path.dataset.postcode, doc.elementFromPoint(at.x, at.y)];
                }
              }
              return [path.dataset.postcode, null];
            });
            const plain = win.getComputedStyle(doc.querySelector('tbody tr')).backgroundColor;
            const taps = hits.map(([postcode, hit]) => {
              hit?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: win }));
              const row = doc.querySelector('tbody tr:target'), at = row?.getBoundingClientRect();
              return { postcode, row: row?.dataset.postcode ?? null, inView: !!at && at.top >= 0 && at.bottom <= win.innerHeight, highlighted: !!row && win.getComputedStyle(row).backgroundColor !== plain };
            });
            return {
              viewport: win.innerWidth, page: doc.documentElement.scrollWidth, table: [table.scrollWidth, table.clientWidth],
              right: Math.max(...cells), scaleText: doc.querySelector('.scale text').getBoundingClientRect().height, taps,
            };
            """);

        Assert.Equal(390, (int)phone["viewport"]!);
        Assert.InRange((int)phone["page"]!, 1, 390);
        Assert.Equal((int)phone["table"]![1]!, (int)phone["table"]![0]!);
        Assert.InRange((double)phone["right"]!, 1, 390);
        Assert.InRange((double)phone["scaleText"]!, 9, 40);
        var taps = phone["taps"]!.AsArray();
        Assert.Equal(85, taps.Count);
        Assert.All(taps, tap => Assert.Equal(((string?)tap!["postcode"], true, true), ((string?)tap["row"], (bool)tap["inView"]!, (bool)tap["highlighted"]!)));
    }

    /// <summary>
    /// On a desktop and in a laptop's window (1366 by 768, less the browser's bars), each postcode label drawn lies, as
    /// rendered, inside its own area (its box's edges in the area's fill) and is at least 11 px high.
    /// </summary>
    [ChromiumFact]
    public async Task On_a_desktop_and_a_laptop_every_label_lies_inside_its_area_and_is_at_least_11_px_high()
    {
        // At 1366 by 657 the map fitted to the window's height was 674 px wide, its labels about 8 px high.
        foreach (var (width, height) in new[] { (1400, 1000), (1366, 657) })
        {
            await AssertLabelsFitAsync(width, height);
        }
    }

    private static async Task AssertLabelsFitAsync(int width, int height)
    {
        var rendered = await ProbeAsync(width, height, """
            return [...doc.querySelectorAll('.labels text')].map(text => {
              const path = doc.querySelector(`.areas path[data-postcode="${text.textContent}"]`), box = text.getBBox();
              const edge = [0, .25, .5, .75, 1];
              const points = edge.flatMap(f => [[f, 0], [f, 1], [0, f], [1, f]]).map(([fx, fy]) => new DOMPoint(box.x + box.width * fx, box.y + box.height * fy));
              return { postcode: text.textContent, outside: points.filter(p => !path.isPointInFill(p)).length, height: text.getBoundingClientRect().height, width: box.width };
            });
            """);

        var labels = rendered.AsArray().Select(l => (Postcode: (string)l!["postcode"]!, Outside: (int)l["outside"]!, Height: (double)l["height"]!, Width: (double)l["width"]!)).ToList();
        Assert.InRange(labels.Count, 43, 85); // more than half the 85 postcodes labelled
        Assert.All(labels, l => Assert.True(l.Width > 20 && l.Height >= 11, $"{width}x{height}, {l.Postcode}: a box {l.Width:0.#} units wide, {l.Height:0.#} px high"));
        Assert.Empty(labels.Where(l => l.Outside > 0).Select(l => $"{l.Postcode}: {l.Outside} of 20 edge points outside"));
    }

    /// <summary>
    /// Opened, the page asks nothing of the network: Chromium's net log of its loading holds no request made for it. The
    /// same page with one image from a server (a port that refuses) shows that request, so the log does catch a page's.
    /// </summary>
    [ChromiumFact]
    public async Task Opened_in_a_browser_the_page_requests_nothing_from_the_network()
    {
        using var refused = new RefusedPort();
        var tile = refused.Url("tile.png");

        var (page, fetching) = await WithPageAsync(async page =>
        {
            var html = await File.ReadAllTextAsync(page);
            var withTile = Path.Combine(Path.GetDirectoryName(page)!, "with-tile.html");
            await File.WriteAllTextAsync(withTile, html.Replace("</body>", $"<img src=\"{tile}\" alt=\"\"></body>", StringComparison.Ordinal));
            return (await PageRequestsAsync(page), await PageRequestsAsync(withTile));
        });

        Assert.Empty(page);
        Assert.Equal([tile], fetching);
    }

    /// <summary>The URLs of the network requests made for <paramref name="page"/> (not Chromium's own), from its net log.</summary>
    private static async Task<List<string>> PageRequestsAsync(string page)
    {
        var log = Path.ChangeExtension(page, ".netlog.json");
        await Chromium.RunAsync(page, "--dump-dom", $"--log-net-log={log}");
        var netLog = JsonNode.Parse(await File.ReadAllTextAsync(log))!;
        var startJob = (int)netLog["constants"]!["logEventTypes"]!["URL_REQUEST_START_JOB"]!;

        // A request made for a page opened from a file is isolated under file://; Chromium's own are not.
        return [.. netLog["events"]!.AsArray()
            .Where(e => (int)e!["type"]! == startJob && ((string?)e["params"]?["network_isolation_key"])?.StartsWith("file://", StringComparison.Ordinal) == true)
            .Select(e => (string)e!["params"]!["url"]!)];
    }

    /// <summary>Writes the page of <c>velib map</c> (all stations of the recorded feed) and renders it with <paramref name="options"/>.</summary>
    private static Task<string> RenderAsync(params string[] options) => WithPageAsync(page => Chromium.RunAsync(page, options));

    /// <summary>
    /// Lays the page out in a <paramref name="width"/> by <paramref name="height"/> frame (headless Chromium lays no
    /// window out narrower than about 500 px, a frame any width) and returns what <paramref name="script"/>, run on the
    /// loaded page as <c>doc</c>, returns, as JSON: the test's own wrapper page runs it and writes the result into its DOM.
    /// </summary>
    private static async Task<JsonNode> ProbeAsync(int width, int height, string script)
    {
        var dom = await WithPageAsync(async page =>
        {
            var wrapper = Path.Combine(Path.GetDirectoryName(page)!, "probe.html");
            await File.WriteAllTextAsync(wrapper, $$"""
                <!DOCTYPE html>
                <html><body style="margin:0">
                <iframe id="page" src="{{Path.GetFileName(page)}}" style="width:{{width}}px;height:{{height}}px;border:0"></iframe>
                <pre id="probe"></pre>
                <script>
                addEventListener('load', () => {
                  const doc = document.getElementById('page').contentDocument;
                  let result;
                  try { result = (() => { {{script}} })(); } catch (e) { result = { error: String(e) }; }
                  document.getElementById('probe').textContent = JSON.stringify(result);
                });
                </script>
                </body></html>
                """);
            return await Chromium.RunAsync(wrapper, "--dump-dom", "--allow-file-access-from-files");
        });
        var probe = new HtmlParser().ParseDocument(dom).GetElementById("probe")!.TextContent;
        var result = JsonNode.Parse(probe.Length > 0 ? probe : "null");
        Assert.True(result is JsonArray || (result is not null && result["error"] is null), $"the probe failed: {probe}");
        return result!;
    }

    private static async Task<T> WithPageAsync<T>(Func<string, Task<T>> render)
    {
        var (code, html, stderr) = await VelibInProcess.RunAsync(["map", .. VelibInProcess.Recorded]);
        Assert.True(code == 0, stderr);
        var folder = Directory.CreateTempSubdirectory("velib-map-");
        try
        {
            var page = Path.Combine(folder.FullName, "map.html");
            await File.WriteAllTextAsync(page, html);
            return await render(page);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static bool Near((byte R, byte G, byte B) pixel, (int R, int G, int B) colour) =>
        Math.Abs(pixel.R - colour.R) <= 12 && Math.Abs(pixel.G - colour.G) <= 12 && Math.Abs(pixel.B - colour.B) <= 12;

    [GeneratedRegex(@"^(?<postcode>\S+)(?: (?<city>.*))?: (?<bikes>[\d,]+) bikes? \((?<mechanical>[\d,]+) mechanical, (?<electric>[\d,]+) electric\), (?<docks>[\d,]+) free docks?, (?<stations>[\d,]+) stations?, tick (?<tick>\S+)$")]
    private static partial Regex AreaTitle();
}
