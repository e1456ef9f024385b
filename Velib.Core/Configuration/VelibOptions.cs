using System.ComponentModel.DataAnnotations;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;

namespace Velib.Core.Configuration;

/// <summary>The settings of the pipeline, bound from the configuration section <c>Velib</c>; the README lists each.</summary>
public sealed class VelibOptions : IValidatableObject
{
    public const string SectionName = "Velib";

    public const string DefaultFeedBaseUrl = "https://velib-metropole-opendata.smovengo.cloud/opendata/Velib_Metropole/";

    public string FeedBaseUrl { get; set; } = DefaultFeedBaseUrl;

    public string? StatusLocation { get; set; }

    public string? InformationLocation { get; set; }

    public string Stations { get; set; } = StationSelection.DefaultCodes;

    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest a whole tick may take, retries and waits included: 45 s leaves 15 s of a one-minute schedule to publish.</summary>
    public TimeSpan TickDeadline { get; set; } = TimeSpan.FromSeconds(45);

    public string? PostcodeTable { get; set; }

    public Dictionary<string, PostcodeOverride> PostcodeOverrides { get; set; } = new(StringComparer.Ordinal);

    public GeocoderOptions Geocoder { get; set; } = new();

    public string ResolveStatusLocation() => StatusLocation ?? Combine(FeedBaseUrl, "station_status.json");

    public string ResolveInformationLocation() => InformationLocation ?? Combine(FeedBaseUrl, "station_information.json");

    /// <summary>What annotations cannot say; the TimeSpan ranges are here because a TimeSpan <c>[Range]</c> is not trim-safe.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (FeedTimeout < TimeSpan.FromMilliseconds(50) || FeedTimeout > TimeSpan.FromMinutes(5))
        {
            yield return new("Velib:FeedTimeout: must be from 00:00:00.050 to 00:05:00");
        }

        if (TickDeadline < TimeSpan.FromSeconds(1) || TickDeadline > TimeSpan.FromMinutes(10))
        {
            yield return new("Velib:TickDeadline: must be from 00:00:01 to 00:10:00");
        }

        if (StationSelection.TryParse(Stations, out _) is { } stationsError)
        {
            yield return new($"Velib:Stations: {stationsError}");
        }

        foreach (var (name, location) in new[] { (nameof(StatusLocation), StatusLocation), (nameof(InformationLocation), InformationLocation) })
        {
            var problem = location is null ? null
                : string.IsNullOrWhiteSpace(location) ? "empty (a URL or a file path; unset, the document is read below FeedBaseUrl)"
                : FeedLocation.Unusable(location);
            if (problem is not null)
            {
                yield return new($"Velib:{name}: {problem}");
            }
        }

        if (FeedLocation.HttpUri(FeedBaseUrl) is null)
        {
            yield return new("Velib:FeedBaseUrl: not an absolute http(s) URL");
        }

        if (Geocoder.Enabled && FeedLocation.HttpUri(Geocoder.Url) is null)
        {
            yield return new("Velib:Geocoder:Url: not an absolute http(s) URL");
        }

        foreach (var (code, entry) in PostcodeOverrides.Where(o => !Postcodes.PostcodeTable.IsPostcode(o.Value.Postcode)))
        {
            yield return new($"Velib:PostcodeOverrides:{code}: '{entry.Postcode}' is not a five-digit postcode");
        }

        if (PostcodeTable is { } path && (string.IsNullOrWhiteSpace(path) ? "empty (a CSV file path; unset, the built-in table is used)"
            : Directory.Exists(path) ? $"'{path}' is a directory, not a file"
            : !File.Exists(path) ? $"no such file '{path}'"
            : null) is { } tableProblem)
        {
            yield return new($"Velib:PostcodeTable: {tableProblem}");
        }
    }

    private static string Combine(string baseUrl, string file) => baseUrl.EndsWith('/') ? baseUrl + file : baseUrl + "/" + file;
}
