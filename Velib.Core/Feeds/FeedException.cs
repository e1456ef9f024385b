namespace Velib.Core.Feeds;

/// <summary>A feed or a look-up could not be read or used; the message is one line, fit for a log or a terminal.</summary>
public class FeedException(string message, Exception? innerException = null) : Exception(message, innerException);

public sealed class FeedFormatException(string message, Exception? innerException = null) : FeedException(message, innerException);

/// <summary>The host never answered since start-up (no network, a wrong address): not retried.</summary>
public sealed class FeedUnreachableException(string message, Exception innerException) : FeedException(message, innerException);
