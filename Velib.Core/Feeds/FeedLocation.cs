namespace Velib.Core.Feeds;

/// <summary>Where a document is read from: an absolute http(s) URL, or anything else as a local file path.</summary>
public static class FeedLocation
{
    public static Uri? HttpUri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    /// <summary>Why a location is neither an http(s) URL nor a file path (<c>file://</c>, <c>ftp://</c>), or null.</summary>
    public static string? Unusable(string location) =>
        HttpUri(location) is not null || NamedUrl(location) is not { } named ? null : named.Split(':')[0] switch
        {
            "http" or "https" => $"{named}: not a valid URL",
            var scheme => $"{named}: unsupported scheme '{scheme}' (a location is an http(s) URL or a local file path)",
        };

    /// <summary>A location written as a URL (<c>scheme://</c>), named for a message as <see cref="Describe"/> does; null for a file path.</summary>
    public static string? NamedUrl(string location)
    {
        // A slash short (https:/user:pw@host/…, http:host), a colon short (https//user:pw@host/…) or a bare scheme: meant
        // as a URL, and its user info and query kept out of messages. A path through a folder named http (http/x.json) stays a path.
        if (location.Split(':', '/')[0].ToLowerInvariant() is ("http" or "https") and var named && !location.Contains("://", StringComparison.Ordinal)
            && location[named.Length..] is [] or [':', ..] or ['/', '/', ..])
        {
            return $"{named}://…";
        }

        var separator = location.IndexOf("://", StringComparison.Ordinal);
        if (separator < 2 || !Uri.CheckSchemeName(location[..separator]))
        {
            return null;
        }

        var scheme = location[..separator].ToLowerInvariant();
        var given = location.Split('?', '#')[0];

        // Uri gives a bare host a root path (ftp://a → ftp://a/): the location is named as given.
        return !Uri.TryCreate(given, UriKind.Absolute, out var uri) ? $"{scheme}://…" : given.EndsWith('/') ? Describe(uri) : Describe(uri).TrimEnd('/');
    }

    /// <summary>Scheme, host, port and path only: user info and the query string may hold a secret, and never reach a log.</summary>
    public static string Describe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
