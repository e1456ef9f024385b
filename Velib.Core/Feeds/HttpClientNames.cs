namespace Velib.Core.Feeds;

/// <summary>Names of the <see cref="System.Net.Http.IHttpClientFactory"/> clients Velib.Core uses.</summary>
public static class HttpClientNames
{
    public const string Feed = "velib-feed";
    public const string Geocoder = "velib-geocoder";
}
