using Microsoft.Extensions.Options;
using Velib.Core.Configuration;

namespace Velib.Core.Feeds;

/// <summary>
/// Reads a feed document: <c>http(s)://</c> locations through <see cref="HttpFetcher"/> (the named client
/// <see cref="HttpClientNames.Feed"/>), anything else as a local file path (replay of recorded feeds).
/// Both honour the same size cap.
/// </summary>
public sealed class FeedReader : IFeedReader
{
    private readonly HttpFetcher fetcher;
    private readonly int maxBytes;

    public FeedReader(IHttpClientFactory clients, IOptions<VelibOptions> options, TimeProvider timeProvider)
    {
        var o = options.Value;
        maxBytes = o.MaxFeedBytes;
        fetcher = new HttpFetcher(
            clients.CreateClient(HttpClientNames.Feed),
            new FetchPolicy(o.FeedTimeout, o.MaxRetries, o.RetryBaseDelay, o.MaxRetryAfter, o.MaxFeedBytes),
            timeProvider);
    }

    public async Task<byte[]> ReadAsync(string location, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return await fetcher.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        }

        return await ReadFileAsync(location, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
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
