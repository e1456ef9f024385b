namespace Velib.Core.Postcodes;

/// <summary>Finds the postcode of a position.</summary>
public interface IReverseGeocoder
{
    /// <summary>The postcode at (<paramref name="lat"/>, <paramref name="lon"/>), or an unresolved result with its reason.</summary>
    /// <exception cref="Feeds.FeedException">The service could not be asked or answered nonsense.</exception>
    Task<PostcodeResolution> ReverseAsync(double lat, double lon, CancellationToken cancellationToken);
}
