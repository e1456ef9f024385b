using Velib.Core.Configuration;
using Velib.Core.Feeds;

namespace Velib.Core.Postcodes;

/// <summary>A station's postcode from overrides, then the table, then its position; never from its code (12126 is in 94220).</summary>
public sealed class PostcodeResolver(PostcodeTable table, IReadOnlyDictionary<string, PostcodeOverride> overrides, ReverseGeocoder? geocoder)
{
    public async ValueTask<PostcodeResolution> ResolveAsync(string stationCode, double? lat, double? lon, CancellationToken cancellationToken)
    {
        if (overrides.TryGetValue(stationCode, out var manual))
        {
            // Trimmed, and none when blank, as a city of the table or the geocoder is.
            return new PostcodeResolution(manual.Postcode, manual.City?.Trim() is { Length: > 0 } city ? city : null);
        }

        var inTable = table.TryGet(stationCode, out var row);
        if (row is { IsResolved: true })
        {
            return row;
        }

        if (geocoder is null || lat is not { } latitude || lon is not { } longitude)
        {
            return PostcodeResolution.Unresolved($"{(inTable ? "in the postcode table without a postcode" : "not in the postcode table")}, and {(geocoder is null ? "reverse geocoding is off" : "the feed gives no position to geocode")}");
        }

        try
        {
            return await geocoder.ReverseAsync(latitude, longitude, cancellationToken).ConfigureAwait(false);
        }
        catch (FeedException ex)
        {
            return PostcodeResolution.Unresolved($"reverse geocoding failed: {ex.Message}");
        }
    }
}
