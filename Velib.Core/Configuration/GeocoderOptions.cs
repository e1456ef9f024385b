using System.ComponentModel.DataAnnotations;

namespace Velib.Core.Configuration;

/// <summary>Reverse geocoding with the French national address service (Géoplateforme).</summary>
public sealed class GeocoderOptions
{
    public const string DefaultUrl = "https://data.geopf.fr/geocodage/reverse";

    public bool Enabled { get; set; } = true;

    [Required]
    public string Url { get; set; } = DefaultUrl;

    /// <summary>Calls started per second at most, one every 1/N s (the service allows 50 per second and IP).</summary>
    [Range(1, 50)]
    public int MaxRequestsPerSecond { get; set; } = 10;

    [TimeSpanRange("00:00:00.050", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a failed look-up is not tried again for the same station.</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan FailureCooldown { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1024, 4 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 256 * 1024;
}
