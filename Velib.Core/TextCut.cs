namespace Velib.Core;

/// <summary>A value or a list cut short for a one-line message: a warning stays bounded whatever the input holds.</summary>
public static class TextCut
{
    // Never inside a surrogate pair: half a character is written as U+FFFD, or refused by a strict encoder.
    public static string Shortened(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : $"{text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)]}…";
    }

    /// <summary>The first <paramref name="max"/> names, and how many more there are.</summary>
    public static string FirstNamed(IEnumerable<string> names, int count, int max) => string.Join(", ", names.Take(max)) + (count > max ? $" and {count - max} more" : "");
}
