using System.Text.Json.Serialization;

namespace Velib.Core.Postcodes;

/// <summary>The part of a GeoCodeJSON answer this pipeline reads: <c>features[].properties.postcode/city</c>.</summary>
internal sealed record GeocodeJson(IReadOnlyList<GeocodeJson.Feature>? Features)
{
    internal sealed record Feature(Properties? Properties);

    internal sealed record Properties(string? Postcode, string? City);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GeocodeJson))]
internal sealed partial class GeocodeJsonContext : JsonSerializerContext;
