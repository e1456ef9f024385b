using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>Lenient readers of one JSON value: a value of an unexpected type reads as null (and is skipped).</summary>
internal static class JsonValues
{
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var n):
                return n;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long s, out var used) && used == reader.ValueSpan.Length:
                return s;
            default:
                reader.Skip();
                return null;
        }
    }

    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n))
        {
            return n;
        }

        reader.Skip();
        return null;
    }

    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d))
        {
            return d;
        }

        reader.Skip();
        return null;
    }

    public static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// Reads a station code (a string such as <c>"16107"</c> or <c>"11031_relais"</c>, or a number in some feeds) and
    /// checks it against the selection; the code's string is only allocated for a selected station.
    /// </summary>
    public static StationCodeRead ReadCode(ref Utf8JsonReader reader, StationSelection selection)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            reader.Skip();
            return default;
        }

        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
        {
            var text = reader.GetString()!;
            return text.Length == 0 ? default : new StationCodeRead(true, selection.Contains(text) ? text : null);
        }

        var utf8 = reader.ValueSpan;
        if (utf8.IsEmpty)
        {
            return default;
        }

        if (selection.All)
        {
            return new StationCodeRead(true, Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[64];
        var selected = utf8.Length <= chars.Length
            && Encoding.UTF8.TryGetChars(utf8, chars, out var written)
            && selection.Contains(chars[..written]);
        return new StationCodeRead(true, selected ? Encoding.UTF8.GetString(utf8) : null);
    }
}

/// <summary>A station code as read: whether there was one, and the code itself when the station is selected.</summary>
internal readonly record struct StationCodeRead(bool Present, string? SelectedCode);
