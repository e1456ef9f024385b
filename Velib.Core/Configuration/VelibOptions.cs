using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Velib.Core.Feeds;
using Velib.Core.Messages;
using Velib.Core.Postcodes;

namespace Velib.Core.Configuration;

/// <summary>The settings of the pipeline, bound from the configuration section <c>Velib</c>; the README lists each.</summary>
public sealed class VelibOptions : IValidatableObject
{
    public const string SectionName = "Velib";

    public string FeedBaseUrl { get; set; } = "https://velib-metropole-opendata.smovengo.cloud/opendata/Velib_Metropole/";
    public string? StatusLocation { get; set; }
    public string? InformationLocation { get; set; }
    public string Stations { get; set; } = StationSelection.DefaultCodes;

    /// <summary>One HTTP attempt, of a feed or of the geocoder.</summary>
    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>A whole tick, retries and waits included: 45 s leaves 15 s of a one-minute schedule to publish.</summary>
    public TimeSpan TickDeadline { get; set; } = TimeSpan.FromSeconds(45);

    public string? PostcodeTable { get; set; }
    public Dictionary<string, PostcodeOverride> PostcodeOverrides { get; set; } = new(StringComparer.Ordinal);
    public GeocoderOptions Geocoder { get; set; } = new();

    public string ResolveStatusLocation() => StatusLocation ?? Combine(FeedBaseUrl, "station_status.json");

    public string ResolveInformationLocation() => InformationLocation ?? Combine(FeedBaseUrl, "station_information.json");

    // A TimeSpan [Range] is not trim-safe: the two ranges are checked here.
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        static string? Location(string? location) => location is null ? null
            : string.IsNullOrWhiteSpace(location) ? "empty (a URL or a file path; unset, the document is read below FeedBaseUrl)"
            : FeedLocation.Unusable(location);
        (string Setting, string? Problem)[] checks =
        [
            ("FeedTimeout", FeedTimeout < TimeSpan.FromMilliseconds(50) || FeedTimeout > TimeSpan.FromMinutes(5) ? "must be from 00:00:00.050 to 00:05:00" : null),
            ("TickDeadline", TickDeadline < TimeSpan.FromSeconds(1) || TickDeadline > TimeSpan.FromMinutes(10) ? "must be from 00:00:01 to 00:10:00" : null),
            ("Stations", StationSelection.TryParse(Stations, out _)),
            ("StatusLocation", Location(StatusLocation)),
            ("InformationLocation", Location(InformationLocation)),
            ("FeedBaseUrl", FeedLocation.HttpUri(FeedBaseUrl) is null ? "not an absolute http(s) URL" : null),
            ("Geocoder:Url", FeedLocation.HttpUri(Geocoder.Url) is null ? "not an absolute http(s) URL" : null),
            .. PostcodeOverrides.Keys.Select(code => ($"PostcodeOverrides:{code}", StationSelection.CodeProblem(code))),
            .. PostcodeOverrides.Select(o => ($"PostcodeOverrides:{o.Key}:Postcode", Postcodes.PostcodeTable.IsPostcode(o.Value.Postcode) ? null
                : o.Value.Postcode.Length == 0 ? "missing (a five-digit postcode)" : $"'{o.Value.Postcode}' is not a five-digit postcode")),
            .. PostcodeOverrides.Select(o => ($"PostcodeOverrides:{o.Key}:City", o.Value.City?.Length > StationMessage.MaxTextLength ? $"{o.Value.City.Length} characters (at most {StationMessage.MaxTextLength})" : null)),
            ("PostcodeTable", PostcodeTable is not { } path ? null
                : string.IsNullOrWhiteSpace(path) ? "empty (a CSV file path; unset, the built-in table is used)"
                : FeedLocation.NamedUrl(path) is { } url ? $"{url}: a URL, not a local file path"
                : Directory.Exists(path) ? $"'{path}' is a directory, not a file"
                : !File.Exists(path) ? $"no such file '{path}'"
                : null),
        ];
        return checks.Where(c => c.Problem is not null).Select(c => new ValidationResult($"Velib:{c.Setting}: {c.Problem}"));
    }

    // The file goes on the path: a query (a token) stays the query. FeedBaseUrl is an http(s) URL once validated.
    private static string Combine(string baseUrl, string file)
    {
        var url = new UriBuilder(baseUrl);
        url.Path = url.Path.EndsWith('/') ? url.Path + file : url.Path + "/" + file;
        return url.Uri.AbsoluteUri;
    }
}

public sealed class GeocoderOptions
{
    public bool Enabled { get; set; } = true;
    public string Url { get; set; } = "https://data.geopf.fr/geocodage/reverse";
}

/// <summary>A postcode (and city) set by hand for one station; <see cref="VelibOptions"/> checks it (annotations inside a dictionary never run).</summary>
public sealed class PostcodeOverride
{
    public string Postcode { get; set; } = "";
    public string? City { get; set; }
}

[OptionsValidator]
public sealed partial class VelibOptionsValidator : IValidateOptions<VelibOptions>;
