using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;

namespace Velib.Core.Feeds;

/// <summary>
/// Reads a feed document: <c>http(s)://</c> locations through <see cref="HttpFetcher"/> (the named client
/// <see cref="HttpClientName"/>), anything else as a local file path (replay of recorded feeds).
/// Both honour the same size cap. The HTTP client and its resilience pipeline are built at the first URL only: a
/// replay of local files never pays for them (start-up, docs/performance.md).
/// </summary>
public sealed class FeedReader(IHttpClientFactory clients, IOptions<VelibOptions> options, TimeProvider timeProvider)
{
    public const string HttpClientName = "velib-feed";

    private readonly int maxBytes = options.Value.MaxFeedBytes;
    private readonly Lazy<HttpFetcher> fetcher = new(() => new HttpFetcher(
        clients.CreateClient(HttpClientName),
        new FetchPolicy(options.Value.FeedTimeout, options.Value.MaxRetries, options.Value.RetryBaseDelay, options.Value.MaxRetryAfter, options.Value.MaxFeedBytes),
        timeProvider));

    /// <exception cref="FeedException">The document could not be read.</exception>
    public async Task<byte[]> ReadAsync(string location, CancellationToken cancellationToken)
    {
        var document = HttpUri(location) is { } uri
            ? await fetcher.Value.GetAsync(uri, cancellationToken).ConfigureAwait(false)
            : await ReadFileAsync(location, cancellationToken).ConfigureAwait(false);
        return RepairUtf8(document);
    }

    /// <summary>The location as an absolute <c>http(s)://</c> URL; null for anything else (a file path).</summary>
    internal static Uri? HttpUri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    /// <summary>
    /// Why <paramref name="location"/> is neither an http(s) URL nor a local path, naming it without credentials or
    /// query; null when it is one of them. <c>scheme://…</c> is a URL (so <c>file://</c> and <c>ftp://</c> are refused);
    /// anything else is a path.
    /// </summary>
    internal static string? UnusableLocation(string location)
    {
        var separator = location.IndexOf("://", StringComparison.Ordinal);
        if (HttpUri(location) is not null || separator < 2 || !Uri.CheckSchemeName(location[..separator]))
        {
            return null;
        }

        var scheme = location[..separator].ToLowerInvariant();
        var named = Uri.TryCreate(location.Split('?', '#')[0], UriKind.Absolute, out var uri) ? HttpFetcher.Describe(uri) : $"{scheme}://…";
        return scheme is "http" or "https"
            ? $"{named}: not a valid URL"
            : $"{named}: unsupported scheme '{scheme}' (a location is an http(s) URL or a local file path)";
    }

    /// <summary>
    /// A JSON document is UTF-8; bytes that are not (a Latin-1 name, a flipped byte) become U+FFFD, so that one bad
    /// character in one station's name costs that character, not the whole tick. Structure is ASCII and unaffected.
    /// </summary>
    internal static byte[] RepairUtf8(byte[] document) =>
        Utf8.IsValid(document) ? document : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(document));

    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                throw new FeedException($"{path}: is a directory, not a file");
            }

            if (!info.Exists)
            {
                throw new FeedException($"{path}: no such file");
            }

            if (info.Length > maxBytes)
            {
                throw new FeedException($"{path}: {info.Length} bytes is over the {maxBytes}-byte limit");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new FeedException($"{path}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
