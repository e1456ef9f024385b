using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Messages;

namespace Velib.Core.Postcodes;

/// <summary>Reverse geocoding (Géoplateforme, GeoCodeJSON), cached by position (a failure, or an answer without postcode, for 10 minutes); paced in its client.</summary>
public sealed class ReverseGeocoder(IHttpClientFactory clients, IOptions<VelibOptions> options, TimeProvider timeProvider)
{
    public const string HttpClientName = "velib-geocoder";

    private const int MaxCacheEntries = 20_000;

    private readonly Uri endpoint = new(options.Value.Geocoder.Url, UriKind.Absolute);
    private readonly ConcurrentDictionary<(double Lat, double Lon), (PostcodeResolution? Answer, string? Failure, DateTimeOffset Until)> cache = new();
    private string? lastFailure;

    public async Task<PostcodeResolution> ReverseAsync(double lat, double lon, CancellationToken cancellationToken)
    {
        var key = (Math.Round(lat, 6), Math.Round(lon, 6));
        var now = timeProvider.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && now < cached.Until)
        {
            return cached.Answer ?? throw new FeedException(cached.Failure!);
        }

        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        var query = string.Create(CultureInfo.InvariantCulture, $"lon={lon:R}&lat={lat:R}&limit=1");
        var uri = new UriBuilder(endpoint) { Query = endpoint.Query.Length > 1 ? endpoint.Query[1..] + "&" + query : query }.Uri;
        PostcodeResolution resolution;
        try
        {
            // An answer that is not GeoCodeJSON (a wrong URL's page) is a failure remembered as an HTTP one is.
            var body = await HttpDocument.GetAsync(clients.CreateClient(HttpClientName), uri, HttpPipelines.GeocoderRetries, null, cancellationToken).ConfigureAwait(false);
            resolution = Read(body);
        }
        catch (FeedException ex) when (ex.InnerException is BrokenCircuitException && lastFailure is not null)
        {
            // While the breaker is open, every station is told the failure that opened it: one outage, one reason.
            throw new FeedException(lastFailure, ex);
        }
        catch (FeedException ex)
        {
            lastFailure = ex.Message;
            cache[key] = (null, ex.Message, now + HttpPipelines.BreakDuration);
            throw;
        }

        // An empty answer may be the service's passing fault: asked again, as after a failure.
        cache[key] = (resolution, null, resolution.IsResolved ? DateTimeOffset.MaxValue : now + HttpPipelines.BreakDuration);
        return resolution;
    }

    private static PostcodeResolution Read(byte[] body)
    {
        GeocodeJson? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, GeocodeJsonContext.Default.GeocodeJson);
        }
        catch (JsonException ex)
        {
            // The serializer's message names .NET types; where the JSON itself is whole, the member is what can be acted on.
            var cause = !ex.Message.Contains("could not be converted", StringComparison.Ordinal) ? JsonErrorText.FirstSentence(ex.Message)
                : ex.Path is ['$', '.', .. var member] ? $"{member} is not of GeoCodeJSON's type"
                : "it is not a JSON object";
            throw new FeedFormatException($"geocoder: answer is not GeoCodeJSON: {cause}", ex);
        }

        var features = answer?.Features ?? throw new FeedFormatException("geocoder: answer has no 'features' list");
        return (features.Count > 0 ? features[0]?.Properties : null) switch
        {
            { Postcode: { } postcode, City: var city } when PostcodeTable.IsPostcode(postcode) => new PostcodeResolution(postcode, city?.Trim() is { Length: > 0 and <= StationMessage.MaxTextLength } trimmed ? trimmed : null),
            { Postcode: { } postcode } => PostcodeResolution.Unresolved($"geocoder answered '{TextCut.Shortened(postcode, 16)}', which is not a postcode"),
            // Without the position, which its message carries: one line names every station of a geocoder that finds none.
            _ => PostcodeResolution.Unresolved("geocoder found no address at the station's position"),
        };
    }
}

internal sealed record GeocodeJson(IReadOnlyList<GeocodeJson.Feature>? Features)
{
    internal sealed record Feature(Properties? Properties);

    internal sealed record Properties(string? Postcode, string? City);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GeocodeJson))]
internal sealed partial class GeocodeJsonContext : JsonSerializerContext;
