using System.Text.Json.Serialization;

namespace Velib.Core.Postcodes;

/// <summary>The part of a GeoCodeJSON answer (<c>features[].properties.postcode/city</c>) this pipeline reads.</summary>
internal sealed record GeocodeJson(IReadOnlyList<GeocodeJson.Feature>? Features)
{
    internal sealed record Feature(FeatureProperties? Properties);

    internal sealed record FeatureProperties(string? Postcode, string? City);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GeocodeJson))]
internal sealed partial class GeocodeJsonContext : JsonSerializerContext;
