namespace Velib.Core.Feeds;

/// <summary>Reads a feed document from a URL or a local file.</summary>
public interface IFeedReader
{
    /// <exception cref="FeedException">The document could not be read.</exception>
    Task<byte[]> ReadAsync(string location, CancellationToken cancellationToken);
}
