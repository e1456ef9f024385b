namespace Velib.Core;

/// <summary>The readable part of a System.Text.Json error message, for one-line errors: without its " Path: … | LineNumber: …" tail.</summary>
internal static class JsonErrorText
{
    private const int MaxQuoted = 40;

    public static string FirstSentence(string message)
    {
        var line = message.ReplaceLineEndings(" ");

        // A broken literal ("tru") is quoted with all the input after it, a whole feed: the quote is cut as record values are.
        if (line.StartsWith('\'') && line.LastIndexOf("' is ", StringComparison.Ordinal) is > MaxQuoted + 1 and var quoteEnd)
        {
            line = TextCut.Shortened(line[..quoteEnd], MaxQuoted + 1) + line[quoteEnd..];
        }

        var cut = line.IndexOf(" Path:", StringComparison.Ordinal) is > 0 and var path ? path : line.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line;
    }
}
