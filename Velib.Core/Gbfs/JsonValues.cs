using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Velib.Core.Gbfs;

/// <summary>
/// Lenient readers of one property's value: each starts on the property's name and ends on the value's first token,
/// leaving the caller to <see cref="Utf8JsonReader.Skip"/> the rest of a list or an object. A value of an unexpected
/// type (a list, an object, a string for a count…) reads as null.
/// </summary>
internal static class JsonValues
{
    /// <summary>A whole 64-bit number, or an unescaped string holding one (a <c>station_id</c> of some feeds).</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var n) => n,
            JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long s, out var used) && used == reader.ValueSpan.Length => s,
            _ => null,
        };
    }

    /// <summary>A number that is a whole 32-bit integer.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : null;
    }

    /// <summary>A finite number.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
    }

    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>GBFS 1 uses 0/1, GBFS 2+ uses true/false: both are accepted.</summary>
    public static bool? ReadFlag(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number when reader.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
            _ => null,
        };
    }

    /// <summary>A station code: a string such as <c>"16107"</c> or <c>"11031_relais"</c>, or a number in some feeds; null when empty.</summary>
    public static string? ReadCode(ref Utf8JsonReader reader)
    {
        reader.Read();
        var code = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            _ => null,
        };
        return string.IsNullOrEmpty(code) ? null : code;
    }
}
