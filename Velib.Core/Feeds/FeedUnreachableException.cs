namespace Velib.Core.Feeds;

/// <summary>
/// A host could not be reached (its name did not resolve, or the connection was refused) before any HTTP answer since
/// start-up: most likely no network or a wrong address, so the fetch fails at once, not retried.
/// </summary>
public sealed class FeedUnreachableException(string message, Exception innerException) : FeedException(message, innerException);
