using System.CommandLine;
using System.Globalization;
using Velib.Cli.Map;
using Velib.Cli.Settings;
using Velib.Core;
using Velib.Core.Configuration;
using Velib.Core.Stations;

namespace Velib.Cli.Commands;

/// <summary>
/// <c>velib map</c>: the pipeline of <c>run</c> (<see cref="PipelinePass"/>), then a map of its totals by postcode, as a
/// self-contained HTML page or as GeoJSON. Stations default to <c>all</c>, below the environment and the options.
/// </summary>
internal static class MapCommand
{
    // As many as the snapshot's warnings name: a feed of thousands without position is one bounded line.
    private const int MaxNamed = 100;

    private static readonly Setting[] AllStations = [new($"{VelibOptions.SectionName}:{nameof(VelibOptions.Stations)}", "all", "velib map's default stations")];

    public static Command Create(CliContext cli)
    {
        var feed = new FeedOptions(defaultStations: "all");
        var format = new Option<string>("--format")
        {
            Description = "html: one self-contained page; geojson: RFC 7946",
            HelpName = "html|geojson",
            DefaultValueFactory = _ => "html",
        };
        format.Validators.Add(result =>
        {
            // In any case, as --stations ALL and --geocoder OFF.
            if (result.GetValueOrDefault<string>() is { } text && !IsFormat(text, "html") && !IsFormat(text, "geojson"))
            {
                result.AddError($"--format: '{text}' is not html or geojson");
            }
        });
        var command = new Command("map", "Print a map of the bikes by postcode (HTML, or GeoJSON), from the same totals as run. Stations: all unless given") { format };
        feed.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = PipelineServices.Build(cli, feed.ToSettings(parse.CommandResult), out var log, AllStations);
            var geoJson = IsFormat(parse.GetValue(format)!, "geojson");

            // The page is made in each pass: with its areas, it is most of what --repeat measures.
            var (pass, page) = await PipelinePass.RunAsync(services, parse.GetValue(feed.Repeat), log, cli, p => Render(p, geoJson), cancellationToken).ConfigureAwait(false);

            // A station absent from station_information.json is named by the snapshot's warning already.
            var unplaced = pass.Snapshot.Messages.Where(s => s.Lat is null && !s.Quality.Contains(QualityFlags.NoInformation)).Select(s => s.StationCode).ToList();
            if (unplaced.Count > 0)
            {
                cli.Warning($"{unplaced.Count} station(s) with no usable position in station_information.json (none, off the globe, or 0,0), so no dot and no part in any area: {TextCut.FirstNamed(unplaced, unplaced.Count, MaxNamed)}");
            }

            pass.Summarize(cli);
            cli.Print(stdout => stdout.Write(page));
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool IsFormat(string text, string name) => string.Equals(text, name, StringComparison.OrdinalIgnoreCase);

    private static string Render(PipelinePass pass, bool geoJson)
    {
        var map = NetworkMap.Of(pass.Snapshot.Tick, pass.Totals.Published, pass.Snapshot.Messages);
        using var page = new StringWriter(CultureInfo.InvariantCulture);
        if (geoJson)
        {
            GeoJsonMap.Write(page, map);
        }
        else
        {
            HtmlMap.Write(page, map);
        }

        return page.ToString();
    }
}
