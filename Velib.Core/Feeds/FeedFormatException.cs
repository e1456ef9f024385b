namespace Velib.Core.Feeds;

/// <summary>A feed document was read but is not a usable GBFS document (malformed JSON, wrong shape, no stations).</summary>
public sealed class FeedFormatException(string message, Exception? innerException = null) : FeedException(message, innerException);
