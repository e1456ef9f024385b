using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Core.Feeds;

namespace Velib.Core.Postcodes;

/// <summary>
/// Reverse geocoding with the Géoplateforme service (<c>/geocodage/reverse?lon=…&amp;lat=…&amp;limit=1</c>, GeoCodeJSON).
/// Answers are cached by position (stations do not move; a failure is retried after the cool-down), calls are
/// paced to <see cref="GeocoderOptions.MaxRequestsPerSecond"/>, and a circuit breaker stops calling a service that
/// keeps failing. The cache's cool-down, the pacing and the breaker all read the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReverseGeocoder(IHttpClientFactory clients, IOptions<VelibOptions> velibOptions, TimeProvider timeProvider) : IReverseGeocoder
{
    public const string HttpClientName = "velib-geocoder";

    private const int MaxCacheEntries = 20_000;

    private readonly GeocoderOptions options = velibOptions.Value.Geocoder;
    private readonly Uri endpoint = new(velibOptions.Value.Geocoder.Url, UriKind.Absolute);
    private readonly RequestPacing pacing = new(timeProvider, velibOptions.Value.Geocoder.MaxRequestsPerSecond);
    private readonly ConcurrentDictionary<(double Lat, double Lon), CacheEntry> cache = new();
    private readonly HttpFetcher fetcher = new(
        clients.CreateClient(HttpClientName),
        new FetchPolicy(velibOptions.Value.Geocoder.Timeout, MaxRetries: 1, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), velibOptions.Value.Geocoder.MaxResponseBytes, BreakAfterFailures: 5, velibOptions.Value.Geocoder.FailureCooldown),
        timeProvider);

    public async Task<PostcodeResolution> ReverseAsync(double lat, double lon, CancellationToken cancellationToken)
    {
        var key = (Math.Round(lat, 6), Math.Round(lon, 6));
        var now = timeProvider.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && (cached.Error is null || now < cached.RetryAt))
        {
            return cached.Error is null ? cached.Resolution! : throw new FeedException(cached.Error);
        }

        try
        {
            var resolution = await LookUpAsync(lat, lon, cancellationToken).ConfigureAwait(false);
            Remember(key, new CacheEntry(resolution, null, default));
            return resolution;
        }
        catch (FeedException ex)
        {
            Remember(key, new CacheEntry(null, ex.Message, now + options.FailureCooldown));
            throw;
        }
    }

    private async Task<PostcodeResolution> LookUpAsync(double lat, double lon, CancellationToken cancellationToken)
    {
        await pacing.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
        var uri = RequestUri(endpoint, lat, lon);
        var body = await fetcher.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        GeocodeJson? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, GeocodeJsonContext.Default.GeocodeJson);
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"geocoder: answer is not GeoCodeJSON: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        if (answer?.Features is null)
        {
            throw new FeedFormatException("geocoder: answer has no 'features' list");
        }

        var properties = answer.Features.Count > 0 ? answer.Features[0].Properties : null;
        if (properties?.Postcode is not { } postcode)
        {
            return PostcodeResolution.Unresolved(string.Create(CultureInfo.InvariantCulture, $"geocoder found no address at {lat:R},{lon:R}"));
        }

        return PostcodeTable.IsPostcode(postcode)
            ? new PostcodeResolution(postcode, properties.City)
            : PostcodeResolution.Unresolved($"geocoder answered '{postcode}', which is not a postcode");
    }

    /// <summary>The endpoint with <c>lon</c>, <c>lat</c> and <c>limit</c> added to any query it already has (an API key, say).</summary>
    private static Uri RequestUri(Uri endpoint, double lat, double lon)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"lon={lon:R}&lat={lat:R}&limit=1");
        var existing = endpoint.Query.TrimStart('?');
        return new UriBuilder(endpoint) { Query = existing.Length == 0 ? query : existing + "&" + query }.Uri;
    }

    private void Remember((double, double) key, CacheEntry entry)
    {
        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        cache[key] = entry;
    }

    private sealed record CacheEntry(PostcodeResolution? Resolution, string? Error, DateTimeOffset RetryAt);
}
