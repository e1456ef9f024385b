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
            // Opening a FIFO and reading a pipe do not observe the token: waited for apart, so that the tick's deadline
            // still ends them (the read is then left to its writer, or to the process's end).
            : await Task.Run(() => ReadFileAsync(location, cancellationToken), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Normalize(document);
    }

    // Editors save a byte-order mark, and Windows PowerShell 5 saves UTF-16 by default; a byte that is not UTF-8 costs
    // one character of one name, not the tick.
    internal static byte[] Normalize(byte[] document)
    {
        var span = document.AsSpan();
        if (span.StartsWith(Encoding.Unicode.Preamble) || span.StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            return Encoding.UTF8.GetBytes((span[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(span[2..]));
        }

        var text = span.StartsWith(Encoding.UTF8.Preamble) ? document[3..] : document;
        return Utf8.IsValid(text) ? text : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text));
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new FeedException($"{path}: is a directory, not a file");
            }

            // Shared for writing, so that a feed saved by another process as it is read is no sharing violation on Windows.
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);

            // A file is read at the length of what was opened (/dev/fd/63, a link, has its own), in one array: a copy more
            // cost 3 MiB of peak memory at start-up. A pipe or a device (<(curl …), /dev/stdin) has no length to check
            // first: the cap is counted as it is read.
            var length = file.CanSeek ? file.Length : 0;
            if (length > MaxBytes)
            {
                throw new FeedException($"{path}: {length} bytes is over the {MaxBytes}-byte limit");
            }

            if (length > 0)
            {
                // Less than stated is what there is: a file cut while read, or one of /sys (4,096 stated, a line there).
                var whole = new byte[length];
                var read = await file.ReadAtLeastAsync(whole, whole.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return read == whole.Length ? whole : whole[..read];
            }

            using var document = new MemoryStream();
            var chunk = new byte[81_920];
            for (int read; (read = await file.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0;)
            {
                if (document.Length + read > MaxBytes)
                {
                    throw new FeedException($"{path}: over the {MaxBytes}-byte limit");
                }

                document.Write(chunk, 0, read);
            }

            return document.ToArray();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Missing, or a file taken for a directory (status.json/): .NET's message names the path again.
            throw new FeedException($"{path}: no such file", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new FeedException($"{path}: {FileErrorText.Reason(ex)}", ex);
        }
    }
}
