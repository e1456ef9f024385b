using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;

namespace Velib.Core.Feeds;

/// <summary>Reads a feed document from an http(s) URL (the named client <see cref="HttpClientName"/>) or a local file, under one size cap.</summary>
public sealed class FeedReader(IHttpClientFactory clients, HttpAnswers answers, IOptions<VelibOptions> options)
{
    public const string HttpClientName = "velib-feed";

    /// <summary>The largest document accepted (the real pair is about 0.75 MB).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public async Task<byte[]> ReadAsync(string location, CancellationToken cancellationToken)
    {
        var document = FeedLocation.HttpUri(location) is { } uri
            ? await HttpDocument.GetAsync(clients.CreateClient(HttpClientName), uri, options.Value.MaxRetries, answers, cancellationToken).ConfigureAwait(false)
            : await ReadFileAsync(location, cancellationToken).ConfigureAwait(false);
        return Normalize(document);
    }

    // Editors save a byte-order mark; a byte that is not UTF-8 costs one character of one name, not the tick.
    internal static byte[] Normalize(byte[] document)
    {
        var text = document.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? document[3..] : document;
        return Utf8.IsValid(text) ? text : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text));
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            var problem = Directory.Exists(path) ? "is a directory, not a file"
                : !info.Exists ? "no such file"
                : info.Length > MaxBytes ? $"{info.Length} bytes is over the {MaxBytes}-byte limit"
                : null;
            if (problem is not null)
            {
                throw new FeedException($"{path}: {problem}");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new FeedException($"{path}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
