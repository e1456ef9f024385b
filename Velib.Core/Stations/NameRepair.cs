using System.Text;

namespace Velib.Core.Stations;

/// <summary>Repairs a name whose UTF-8 bytes were once decoded as Latin-1 (<c>HÃ´pital</c> → <c>Hôpital</c>).</summary>
internal static class NameRepair
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static bool TryRepair(string name, out string repaired)
    {
        repaired = name;
        if (!LooksDoubleEncoded(name) || name.Any(c => c > 0xFF))
        {
            return false;
        }

        try
        {
            var candidate = StrictUtf8.GetString(Encoding.Latin1.GetBytes(name));
            if (candidate.Length >= name.Length)
            {
                return false;
            }

            repaired = candidate;
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A UTF-8 lead byte (Ã, Â, Å…) read as Latin-1 and followed by a continuation byte (0x80–0xBF).</summary>
    private static bool LooksDoubleEncoded(string name)
    {
        for (var i = 0; i + 1 < name.Length; i++)
        {
            if (name[i] is >= '\u00C2' and <= '\u00F4' && name[i + 1] is >= '\u0080' and <= '\u00BF')
            {
                return true;
            }
        }

        return false;
    }
}
