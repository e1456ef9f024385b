using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Velib.Core.Feeds;

namespace Velib.Core.Configuration;

/// <summary>Settings of the pipeline, bound from the configuration section <c>Velib</c>.</summary>
public sealed class VelibOptions : IValidatableObject
{
    public const string SectionName = "Velib";

    /// <summary>Base of the public Vélib' Métropole GBFS feed.</summary>
    public const string DefaultFeedBaseUrl = "https://velib-metropole-opendata.smovengo.cloud/opendata/Velib_Metropole/";

    /// <summary>Base URL of the GBFS feed; the two documents are read below it (checked by <see cref="IValidatableObject.Validate"/>).</summary>
    public string FeedBaseUrl { get; set; } = DefaultFeedBaseUrl;

    /// <summary>URL or local file path of <c>station_status.json</c>; defaults to <see cref="FeedBaseUrl"/> + the file name.</summary>
    public string? StatusLocation { get; set; }

    /// <summary>URL or local file path of <c>station_information.json</c>; defaults to <see cref="FeedBaseUrl"/> + the file name.</summary>
    public string? InformationLocation { get; set; }

    /// <summary>Comma-separated station codes to keep, or <c>all</c> (checked by <see cref="IValidatableObject.Validate"/>).</summary>
    public string Stations { get; set; } = StationSelection.DefaultCodes;

    /// <summary>Time allowed for one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a transient failure (5xx, 408, 429, timeout, a body cut short, a network error once the host has answered).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; doubles at each retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait a server's <c>Retry-After</c> may impose: a longer one is shortened to this, then the retry goes ahead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a whole tick (<see cref="Snapshots.SnapshotService.TakeAsync"/>) may take, every retry, back-off and
    /// <c>Retry-After</c> wait included; past it the tick fails with a <see cref="Feeds.FeedException"/>. Keep it shorter
    /// than the producer's schedule: the default, 45 s, leaves 15 s of the default one-minute schedule to publish
    /// before the next tick is due (the retries alone could take about 130 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TickDeadline { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Largest feed document accepted, in bytes (the real pair is about 0.75 MB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFeedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>A station whose <c>last_reported</c> is older than this at the tick (the feed's version) is flagged <c>stale</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>CSV file (<c>stationCode,station_id,postcode,city</c>) replacing the built-in reference table.</summary>
    public string? PostcodeTable { get; set; }

    /// <summary>Explicit postcodes by station code; they win over every other source.</summary>
    public Dictionary<string, PostcodeOverride> PostcodeOverrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reverse geocoding of stations missing from the table.</summary>
    [ValidateObjectMembers]
    public GeocoderOptions Geocoder { get; set; } = new();

    /// <summary>Largest Kafka record accepted by the aggregator, in bytes.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// A feed fetched over HTTP whose version (<c>lastUpdatedOther</c>) is older than this at the fetch is flagged
    /// <c>feed-frozen</c>, with a warning. The feed is republished about every minute; 10 minutes is ten missed versions.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FrozenAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How far back, in stream time (from the newest tick the aggregator has seen, never the wall clock), an
    /// incomplete tick is held: an older one is dropped, and records of older ticks are ignored.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TickHorizon { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most station messages the aggregator holds for incomplete ticks; past it, the oldest incomplete tick of a
    /// postcode is dropped. 50,000 is about 33 ticks of the whole network (1,500 stations).
    /// </summary>
    [Range(100, 5_000_000)]
    public int MaxHeldStations { get; set; } = 50_000;

    public string ResolveStatusLocation() => StatusLocation ?? Combine(FeedBaseUrl, "station_status.json");

    public string ResolveInformationLocation() => InformationLocation ?? Combine(FeedBaseUrl, "station_information.json");

    /// <summary>The checks data annotations cannot express; the source-generated <see cref="VelibOptionsValidator"/> runs them after the annotations.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        var errors = new List<ValidationResult>();
        try
        {
            StationSelection.Parse(Stations);
        }
        catch (FormatException ex)
        {
            errors.Add(new($"Velib:Stations: {ex.Message}"));
        }

        foreach (var (name, location) in new[] { (nameof(StatusLocation), StatusLocation), (nameof(InformationLocation), InformationLocation) })
        {
            var problem = location is null ? null
                : string.IsNullOrWhiteSpace(location) ? "empty (a URL or a file path; unset, the document is read below FeedBaseUrl)"
                : FeedReader.UnusableLocation(location);
            if (problem is not null)
            {
                errors.Add(new($"Velib:{name}: {problem}"));
            }
        }

        if (FeedReader.HttpUri(FeedBaseUrl) is null)
        {
            errors.Add(new("Velib:FeedBaseUrl: not an absolute http(s) URL"));
        }

        if (Geocoder.Enabled && FeedReader.HttpUri(Geocoder.Url) is null)
        {
            errors.Add(new("Velib:Geocoder:Url: not an absolute http(s) URL"));
        }

        foreach (var (code, entry) in PostcodeOverrides)
        {
            if (!Postcodes.PostcodeTable.IsPostcode(entry.Postcode))
            {
                errors.Add(new($"Velib:PostcodeOverrides:{code}: '{entry.Postcode}' is not a five-digit postcode"));
            }
        }

        if (PostcodeTable is { } path && string.IsNullOrWhiteSpace(path))
        {
            errors.Add(new("Velib:PostcodeTable: empty (a CSV file path; unset, the built-in table is used)"));
        }
        else if (PostcodeTable is { } table && Directory.Exists(table))
        {
            errors.Add(new($"Velib:PostcodeTable: '{table}' is a directory, not a file"));
        }
        else if (PostcodeTable is { } file && !File.Exists(file))
        {
            errors.Add(new($"Velib:PostcodeTable: no such file '{file}'"));
        }

        return errors;
    }

    private static string Combine(string baseUrl, string file) => baseUrl.EndsWith('/') ? baseUrl + file : baseUrl + "/" + file;
}
