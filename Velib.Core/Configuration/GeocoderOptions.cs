namespace Velib.Core.Configuration;

/// <summary>Reverse geocoding with the French national address service (Géoplateforme).</summary>
public sealed class GeocoderOptions
{
    public const string DefaultUrl = "https://data.geopf.fr/geocodage/reverse";

    public bool Enabled { get; set; } = true;
    public string Url { get; set; } = DefaultUrl;
}
