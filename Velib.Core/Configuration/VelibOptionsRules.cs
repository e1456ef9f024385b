using Microsoft.Extensions.Options;
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

        if (!IsHttpUrl(options.FeedBaseUrl))
        {
            errors.Add("Velib:FeedBaseUrl: not an absolute http(s) URL");
        }

        if (options.Geocoder.Enabled && !IsHttpUrl(options.Geocoder.Url))
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

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
