using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Velib.Cli.Settings;
using Velib.Core.Configuration;

namespace Velib.Cli;

/// <summary>The options shared by <c>snapshot</c>, <c>run</c> and <c>map</c>, and how they map onto the <c>Velib</c> configuration.</summary>
/// <param name="defaultStations">The stations the command takes when neither the option nor <c>Velib__Stations</c> is given, as its help says.</param>
internal sealed class FeedOptions(string defaultStations = StationSelection.DefaultCodes)
{
    public Option<string?> Stations { get; } = new("--stations")
    {
        Description = $"Station codes, comma-separated, or 'all' [default: {defaultStations}]",
        HelpName = "16107,32017|all",
    };

    public Option<string?> Status { get; } = new("--status")
    {
        Description = "station_status.json: a URL or a local file [default: the live feed]",
        HelpName = "PATH|URL",
    };

    public Option<string?> Information { get; } = new("--information")
    {
        Description = "station_information.json: a URL or a local file [default: the live feed]",
        HelpName = "PATH|URL",
    };

    public Option<string?> Postcodes { get; } = new("--postcodes")
    {
        Description = "CSV stationCode,station_id,postcode,city replacing the built-in postcode table",
        HelpName = "PATH",
    };

    public Option<string?> Geocoder { get; } = new("--geocoder")
    {
        Description = "Reverse-geocoding endpoint for stations missing from the table, or 'off' [default: the Géoplateforme service]",
        HelpName = "URL|off",
    };

    public Option<int> Repeat { get; } = new("--repeat")
    {
        Description = "Process the same input N times and print the median time of one pass on stderr",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            var parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var times);
            if (parsed && times >= 1)
            {
                return times;
            }

            result.AddError(!parsed && text.Length > 0 && text.All(char.IsAsciiDigit)
                ? $"--repeat: '{text}' is over {int.MaxValue}"
                : $"--repeat: '{text}' is not a whole number of 1 or more");
            return 1;
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Stations);
        command.Options.Add(Status);
        command.Options.Add(Information);
        command.Options.Add(Postcodes);
        command.Options.Add(Geocoder);
        command.Options.Add(Repeat);

        // Checked with the parse, so that a bad value here is named with every other bad option of the command line.
        foreach (var option in new[] { Stations, Status, Information, Postcodes, Geocoder })
        {
            option.Validators.Add(result => SettingsCheck.Problems([.. ToSettings((CommandResult)result.Parent!).Where(s => s.Source == option.Name)]).ForEach(result.AddError));
        }
    }

    /// <summary>The configuration keys these options set; options not given set nothing.</summary>
    public List<Setting> ToSettings(CommandResult parse)
    {
        const string Prefix = VelibOptions.SectionName + ":";
        var settings = new List<Setting>();
        Set(settings, Prefix + nameof(VelibOptions.Stations), parse, Stations);
        Set(settings, Prefix + nameof(VelibOptions.StatusLocation), parse, Status);
        Set(settings, Prefix + nameof(VelibOptions.InformationLocation), parse, Information);
        Set(settings, Prefix + nameof(VelibOptions.PostcodeTable), parse, Postcodes);
        if (string.Equals(parse.GetValue(Geocoder), "off", StringComparison.OrdinalIgnoreCase))
        {
            settings.Add(new(Prefix + "Geocoder:Enabled", "false", Geocoder.Name, Geocoder.HelpName));
        }
        else if (parse.GetValue(Geocoder) is not null)
        {
            settings.Add(new(Prefix + "Geocoder:Enabled", "true", Geocoder.Name, Geocoder.HelpName));
            Set(settings, Prefix + "Geocoder:Url", parse, Geocoder);
        }

        return settings;
    }

    private static void Set(List<Setting> settings, string key, CommandResult parse, Option<string?> option)
    {
        if (parse.GetValue(option) is { } value)
        {
            settings.Add(new(key, value, option.Name, option.HelpName));
        }
    }
}
