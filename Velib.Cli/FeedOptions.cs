using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Velib.Cli.Settings;
using Velib.Core.Configuration;
using Velib.Core.Feeds;

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
        // Only this option's own value is read: another option given twice has none (its arity error is its own).
        foreach (var option in StringOptions)
        {
            option.Validators.Add(result => SettingsCheck.Problems(SettingsOf(option, result.GetValueOrDefault<string?>())).ForEach(result.AddError));
        }

        // A stream given to both (/dev/stdin) is read by one of them only: the other's "empty body" named neither option.
        command.Validators.Add(result =>
        {
            if (result.GetResult(Status) is { Tokens: [{ Value: var status }] } && result.GetResult(Information) is { Tokens: [{ Value: var information }] } && status == information && IsStream(status))
            {
                result.AddError($"{Status.Name} and {Information.Name} are both '{status}', a stream read once: each document needs its own");
            }
        });

        // Checked here, not as Geocoder:Url: the option takes 'off' too, which the message names.
        Geocoder.Validators.Add(result =>
        {
            if (UnusableGeocoder(result.GetValueOrDefault<string?>()) is { } value)
            {
                result.AddError($"{Geocoder.Name}: {FeedLocation.NamedUrl(value) ?? $"'{value}'"} is neither an absolute http(s) URL nor 'off'");
            }
        });
    }

    /// <summary>The configuration keys these options set; options not given set nothing.</summary>
    public List<Setting> ToSettings(CommandResult parse) => [.. StringOptions.SelectMany(option => SettingsOf(option, parse.GetValue(option)))];

    private Option<string?>[] StringOptions => [Stations, Status, Information, Postcodes, Geocoder];

    private List<Setting> SettingsOf(Option<string?> option, string? value)
    {
        const string Prefix = VelibOptions.SectionName + ":";
        Setting Set(string key, string text) => new(Prefix + key, text, option.Name, option.HelpName);
        return value is null ? []
            : option == Stations ? [Set(nameof(VelibOptions.Stations), value)]
            : option == Status ? [Set(nameof(VelibOptions.StatusLocation), value)]
            : option == Information ? [Set(nameof(VelibOptions.InformationLocation), value)]
            : option == Postcodes ? [Set(nameof(VelibOptions.PostcodeTable), value)]
            : string.Equals(value, "off", StringComparison.OrdinalIgnoreCase) ? [Set("Geocoder:Enabled", "false")]
            : UnusableGeocoder(value) is not null ? []
            : [Set("Geocoder:Enabled", "true"), Set("Geocoder:Url", value)];
    }

    // A pipe (/dev/stdin, /dev/fd/63 of <(curl …)) ends its chain of links at a name that is no file: pipe:[123].
    // A path that cannot be followed (a loop of links, a file as a directory) is left to the read, which names why.
    private static bool IsStream(string path)
    {
        try
        {
            return FeedLocation.NamedUrl(path) is null && new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { Exists: false };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // An empty value is left to the settings check, which names it as empty.
    private static string? UnusableGeocoder(string? value) =>
        string.IsNullOrWhiteSpace(value) || string.Equals(value, "off", StringComparison.OrdinalIgnoreCase) || FeedLocation.HttpUri(value) is not null ? null : value;
}
