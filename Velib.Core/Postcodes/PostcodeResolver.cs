using Microsoft.Extensions.Logging;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Messages;

namespace Velib.Core.Postcodes;

/// <summary>
/// Finds a station's postcode, in this order: configured overrides, the reference table, reverse geocoding of the
/// station's position (when enabled), else unresolved. A postcode is never derived from the station code: its
/// prefix is wrong for dozens of stations (12126 is in 94220 Charenton-le-Pont).
/// </summary>
public sealed partial class PostcodeResolver(
    PostcodeTable table,
    IReadOnlyDictionary<string, PostcodeOverride> overrides,
    IReverseGeocoder? geocoder,
    ILogger<PostcodeResolver> logger)
{
    public async ValueTask<PostcodeResolution> ResolveAsync(StationMessage station, CancellationToken cancellationToken)
    {
        if (overrides.TryGetValue(station.StationCode, out var manual))
        {
            return new PostcodeResolution(manual.Postcode, manual.City);
        }

        if (table.TryGet(station.StationCode, out var row))
        {
            return row;
        }

        if (geocoder is null)
        {
            return PostcodeResolution.Unresolved("not in the postcode table, and reverse geocoding is off");
        }

        if (station.Lat is not { } lat || station.Lon is not { } lon)
        {
            return PostcodeResolution.Unresolved("not in the postcode table, and the feed gives no position to geocode");
        }

        try
        {
            return await geocoder.ReverseAsync(lat, lon, cancellationToken).ConfigureAwait(false);
        }
        catch (FeedException ex)
        {
            LogGeocoderFailed(station.StationCode, ex.Message);
            return PostcodeResolution.Unresolved($"reverse geocoding failed: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode}: reverse geocoding failed: {Reason}")]
    private partial void LogGeocoderFailed(string stationCode, string reason);
}
