namespace Velib.Core.Feeds;

/// <summary>
/// A feed or a look-up could not be read: network failure, timeout, HTTP error, a body too large or cut,
/// or a document that is not what it should be. The message is one line, fit for a log or a terminal.
/// </summary>
public class FeedException(string message, Exception? innerException = null) : Exception(message, innerException);
