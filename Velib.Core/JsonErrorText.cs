namespace Velib.Core;

/// <summary>The readable part of a System.Text.Json error message, for one-line errors: without its " Path: … | LineNumber: …" tail.</summary>
internal static class JsonErrorText
{
    public static string FirstSentence(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        var cut = line.IndexOf(" Path:", StringComparison.Ordinal) is > 0 and var path ? path : line.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line;
    }
}
