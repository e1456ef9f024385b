namespace Velib.Core;

/// <summary>The readable part of a System.Text.Json error message, for one-line errors.</summary>
internal static class JsonErrorText
{
    /// <summary>The message on one line, without the trailing " Path: … | LineNumber: … | BytePositionInLine: …".</summary>
    public static string FirstSentence(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        var cut = line.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line;
    }
}
