using System.CommandLine;
using Velib.Core.Configuration;

namespace Velib.Cli;

/// <summary>The options shared by <c>snapshot</c> and <c>run</c>, and how they map onto the <c>Velib</c> configuration.</summary>
internal sealed class FeedOptions
{
    public Option<string?> Stations { get; } = new("--stations")
    {
        Description = $"Station codes, comma-separated, or 'all' [default: {StationSelection.DefaultCodes}]",
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
    };

    public FeedOptions()
    {
        Repeat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--repeat must be 1 or more");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Stations);
        command.Options.Add(Status);
        command.Options.Add(Information);
        command.Options.Add(Postcodes);
        command.Options.Add(Geocoder);
        command.Options.Add(Repeat);
    }

    /// <summary>The configuration keys these options set; options not given set nothing.</summary>
    public Dictionary<string, string?> ToSettings(ParseResult parse)
    {
        const string Prefix = VelibOptions.SectionName + ":";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Set(settings, Prefix + nameof(VelibOptions.Stations), parse.GetValue(Stations));
        Set(settings, Prefix + nameof(VelibOptions.StatusLocation), parse.GetValue(Status));
        Set(settings, Prefix + nameof(VelibOptions.InformationLocation), parse.GetValue(Information));
        Set(settings, Prefix + nameof(VelibOptions.PostcodeTable), parse.GetValue(Postcodes));
        var geocoder = parse.GetValue(Geocoder);
        if (string.Equals(geocoder, "off", StringComparison.OrdinalIgnoreCase))
        {
            settings[Prefix + "Geocoder:Enabled"] = "false";
        }
        else if (geocoder is not null)
        {
            settings[Prefix + "Geocoder:Enabled"] = "true";
            settings[Prefix + "Geocoder:Url"] = geocoder;
        }

        return settings;
    }

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }
}
