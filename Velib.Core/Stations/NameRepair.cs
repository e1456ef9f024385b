using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Velib.Core.Stations;

/// <summary>
/// Repairs a name whose UTF-8 bytes were once decoded as Latin-1 or Windows-1252 (<c>HÃ´pital</c> → <c>Hôpital</c>,
/// <c>Ã‰douard</c> → <c>Édouard</c>). A name is repaired only when it is all in that code page and its bytes there
/// are valid UTF-8 that reads shorter: a correctly encoded name (<c>Hôpital</c>) never is, since its Latin-1 bytes
/// are not valid UTF-8.
/// </summary>
internal static class NameRepair
{
    private static readonly Encoding[] MisreadAs = [Encoding.Latin1, CodePagesEncodingProvider.Instance.GetEncoding(1252)!];

    /// <summary>What a UTF-8 continuation byte (0x80–0xBF) reads as in Latin-1 or Windows-1252.</summary>
    private static readonly SearchValues<char> Continuations = SearchValues.Create(
        [.. Enumerable.Range(0x80, 0x40).Select(b => (char)b), .. MisreadAs[1].GetString([.. Enumerable.Range(0x80, 0x20).Select(b => (byte)b)])]);

    public static bool TryRepair(string name, out string repaired)
    {
        repaired = name;
        if (!LooksMisread(name))
        {
            return false;
        }

        foreach (var encoding in MisreadAs)
        {
            // A character outside the code page encodes as a substitute, which does not read back as itself.
            var bytes = encoding.GetBytes(name);
            if (encoding.GetString(bytes) == name && Utf8.IsValid(bytes) && Encoding.UTF8.GetCharCount(bytes) < name.Length)
            {
                repaired = Encoding.UTF8.GetString(bytes);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A UTF-8 lead byte read as one character (Â to ô) followed by a continuation byte read as one: the mark of a
    /// misreading. Checked first, so that the re-encoding is tried only on names that bear it.
    /// </summary>
    private static bool LooksMisread(string name)
    {
        var text = name.AsSpan();
        var from = 0;
        while (text[from..].IndexOfAnyInRange('\u00C2', '\u00F4') is var found and >= 0)
        {
            var lead = from + found;
            if (lead + 1 < text.Length && Continuations.Contains(text[lead + 1]))
            {
                return true;
            }

            from = lead + 1;
        }

        return false;
    }
}
