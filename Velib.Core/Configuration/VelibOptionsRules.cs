using Microsoft.Extensions.Options;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;

namespace Velib.Core.Configuration;

/// <summary>The checks of <see cref="VelibOptions"/> that data annotations cannot express.</summary>
public sealed class VelibOptionsRules : IValidateOptions<VelibOptions>
{
    public ValidateOptionsResult Validate(string? name, VelibOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        try
        {
            StationSelection.Parse(options.Stations);
        }
        catch (FormatException ex)
        {
            errors.Add($"Velib:Stations: {ex.Message}");
        }

        if (FeedReader.HttpUri(options.FeedBaseUrl) is null)
        {
            errors.Add("Velib:FeedBaseUrl: not an absolute http(s) URL");
        }

        if (options.Geocoder.Enabled && FeedReader.HttpUri(options.Geocoder.Url) is null)
        {
            errors.Add("Velib:Geocoder:Url: not an absolute http(s) URL");
        }

        foreach (var (code, entry) in options.PostcodeOverrides)
        {
            if (!PostcodeTable.IsPostcode(entry.Postcode))
            {
                errors.Add($"Velib:PostcodeOverrides:{code}: '{entry.Postcode}' is not a five-digit postcode");
            }
        }

        if (options.PostcodeTable is { } path && !File.Exists(path))
        {
            errors.Add($"Velib:PostcodeTable: no such file '{path}'");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
