using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Velib.Core.Configuration;

/// <summary>Settings of the pipeline, bound from the configuration section <c>Velib</c>.</summary>
public sealed class VelibOptions
{
    public const string SectionName = "Velib";

    /// <summary>Base of the public Vélib' Métropole GBFS feed.</summary>
    public const string DefaultFeedBaseUrl = "https://velib-metropole-opendata.smovengo.cloud/opendata/Velib_Metropole/";

    /// <summary>Base URL of the GBFS feed; the two documents are read below it.</summary>
    [Required]
    public string FeedBaseUrl { get; set; } = DefaultFeedBaseUrl;

    /// <summary>URL or local file path of <c>station_status.json</c>; defaults to <see cref="FeedBaseUrl"/> + the file name.</summary>
    public string? StatusLocation { get; set; }

    /// <summary>URL or local file path of <c>station_information.json</c>; defaults to <see cref="FeedBaseUrl"/> + the file name.</summary>
    public string? InformationLocation { get; set; }

    /// <summary>Comma-separated station codes to keep, or <c>all</c>.</summary>
    [Required]
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

    /// <summary>Largest feed document accepted, in bytes (the real pair is about 0.75 MB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFeedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>A station whose <c>last_reported</c> is older than this at fetch time is flagged <c>stale</c>.</summary>
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

    public string ResolveStatusLocation() => StatusLocation ?? Combine(FeedBaseUrl, "station_status.json");

    public string ResolveInformationLocation() => InformationLocation ?? Combine(FeedBaseUrl, "station_information.json");

    private static string Combine(string baseUrl, string file) => baseUrl.EndsWith('/') ? baseUrl + file : baseUrl + "/" + file;
}
