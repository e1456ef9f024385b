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
            Assert.Equal(postcode, cells[0]);
            Assert.Equal(expected, (cells[1], Number(cells[2]), Number(cells[3]), Number(cells[4]), Number(cells[5]), Number(cells[6])));
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

    /// <summary>Writes the page of <c>velib map</c> (all stations of the recorded feed) and renders it with <paramref name="options"/>.</summary>
    private static async Task<string> RenderAsync(params string[] options)
    {
        var (code, html, stderr) = await VelibInProcess.RunAsync(["map", .. VelibInProcess.Recorded]);
        Assert.True(code == 0, stderr);
        var folder = Directory.CreateTempSubdirectory("velib-map-");
        try
        {
            var page = Path.Combine(folder.FullName, "map.html");
            await File.WriteAllTextAsync(page, html);
            return await Chromium.RunAsync(page, options);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static bool Near((byte R, byte G, byte B) pixel, (int R, int G, int B) colour) =>
        Math.Abs(pixel.R - colour.R) <= 12 && Math.Abs(pixel.G - colour.G) <= 12 && Math.Abs(pixel.B - colour.B) <= 12;

    [GeneratedRegex(@"^(?<postcode>\S+) (?<city>.*): (?<bikes>[\d,]+) bikes \((?<mechanical>[\d,]+) mechanical, (?<electric>[\d,]+) electric\), (?<docks>[\d,]+) free docks, (?<stations>[\d,]+) stations, tick (?<tick>\S+)$")]
    private static partial Regex AreaTitle();
}
