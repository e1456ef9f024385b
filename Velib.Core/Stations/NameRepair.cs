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

    public static bool TryRepair(string name, out string repaired)
    {
        repaired = name;
        if (Ascii.IsValid(name))
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
}
