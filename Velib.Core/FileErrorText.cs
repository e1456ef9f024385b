namespace Velib.Core;

/// <summary>Why a file could not be read, for one-line errors that name its path once: .NET's messages name it again.</summary>
public static class FileErrorText
{
    // On Unix the runtime writes "<strerror> : '<full path>'", or "Access to the path '<full path>' is denied." around
    // the system's reason (EACCES, EPERM or EBADF); the reason never holds " : '", a path may.
    public static string Reason(Exception exception) => exception switch
    {
        null => throw new ArgumentNullException(nameof(exception)),
        UnauthorizedAccessException { InnerException: IOException inner } => Reason(inner),
        UnauthorizedAccessException => "Permission denied",
        _ when exception.Message.ReplaceLineEndings(" ") is var text && text.EndsWith('\'') && text.IndexOf(" : '", StringComparison.Ordinal) is > 0 and var at => text[..at],
        _ => exception.Message.ReplaceLineEndings(" "),
    };
}
