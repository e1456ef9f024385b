namespace Velib.Core.Feeds;

/// <summary>Where a document is read from: an absolute http(s) URL, or anything else as a local file path.</summary>
public static class FeedLocation
{
    public static Uri? HttpUri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    /// <summary>Scheme, host, port and path only: user info and the query string may hold a secret, and never reach a log.</summary>
    public static string Describe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
