using System.Buffers;
using System.Text;

namespace Velib.Core.Stations;

/// <summary>
/// Repairs a name whose UTF-8 bytes were once decoded as Latin-1 or Windows-1252 (<c>HÃ´pital</c> → <c>Hôpital</c>,
/// <c>Ã‰douard</c> → <c>Édouard</c>). A name is repaired only when re-encoding it gives valid UTF-8 that is shorter:
/// a correctly encoded name (<c>Hôpital</c>) never is, since its Latin-1 bytes are not valid UTF-8.
/// </summary>
internal static class NameRepair
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private static readonly Encoding[] MisreadAs =
    [
        Encoding.GetEncoding("iso-8859-1", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!,
    ];

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
            try
            {
                var candidate = StrictUtf8.GetString(encoding.GetBytes(name));
                if (candidate.Length < name.Length)
                {
                    repaired = candidate;
                    return true;
                }
            }
            catch (Exception ex) when (ex is EncoderFallbackException or DecoderFallbackException)
            {
                // Not this misreading: try the next.
            }
        }

        return false;
    }

    /// <summary>
    /// A UTF-8 lead byte read as one character (Â to ô) followed by a continuation byte read as one: the mark of a
    /// misreading. Checked first, so that the (throwing) re-decoding is tried only on names that bear it.
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
