namespace Velib.Core;

/// <summary>A value quoted in a one-line message, cut to its first characters.</summary>
internal static class TextCut
{
    // Never inside a surrogate pair: half a character is written as U+FFFD, or refused by a strict encoder.
    public static string Shortened(string text, int max) =>
        text.Length <= max ? text : $"{text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)]}…";
}
