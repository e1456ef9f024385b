using System.Globalization;
using System.Text.Unicode;
using System.Text.Json;
using Velib.Core.Configuration;
using Velib.Core.Postcodes;
using Velib.Core.Stations;

namespace Velib.Core.Messages;

/// <summary>
/// Reads a station message from a Kafka record: the bare JSON value (a <c>KafkaRecord</c>'s value, a CLI line) or
/// the envelope the batched trigger hands over (<c>{"Offset":…,"Partition":…,"Value":"…"}</c>, <c>Value</c> a string
/// or an object). Every way a record can be wrong gives a reason instead of an exception.
/// </summary>
public static class StationRecordReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Reads one record; on failure <paramref name="message"/> is null and <paramref name="reason"/> says why.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, int maxBytes, out StationMessage? message, out string? reason)
    {
        message = null;
        if (utf8.Length > maxBytes)
        {
            reason = $"record of {utf8.Length} bytes is over the {maxBytes}-byte limit";
            return false;
        }

        // Strings are only checked for UTF-8 when they are decoded, and then with an InvalidOperationException.
        if (!Utf8.IsValid(utf8))
        {
            reason = "not UTF-8 text";
            return false;
        }

        try
        {
            var value = Unwrap(utf8, out reason);
            if (reason is not null)
            {
                return false;
            }

            message = ReadMessage(value, out reason);
            return message is not null;
        }
        catch (JsonException ex)
        {
            reason = $"not JSON: {JsonErrorText.FirstSentence(ex.Message)}";
            return false;
        }
    }

    /// <summary>The station-message bytes: the record itself, or its envelope's <c>Value</c>.</summary>
    private static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> utf8, out string? reason)
    {
        reason = null;
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = "not a JSON object";
            return default;
        }

        var isEnvelope = false;
        ReadOnlySpan<byte> value = default;
        var hasValue = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("Value"u8);
            isEnvelope |= isValue || reader.ValueTextEquals("Offset"u8) || reader.ValueTextEquals("Partition"u8) || reader.ValueTextEquals("Headers"u8);
            reader.Read();
            if (!isValue)
            {
                reader.Skip();
                continue;
            }

            hasValue = true;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    var unescaped = new byte[reader.ValueSpan.Length];
                    value = unescaped.AsSpan(0, reader.CopyString(unescaped));
                    break;
                case JsonTokenType.StartObject:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    value = utf8[start..(int)reader.BytesConsumed];
                    break;
                default:
                    reason = $"envelope Value is {Describe(reader.TokenType)}, not a station message";
                    reader.Skip();
                    break;
            }
        }

        // Finish reading, so that trailing garbage is caught.
        while (reader.Read())
        {
        }

        if (reason is not null)
        {
            return default;
        }

        if (isEnvelope && !hasValue)
        {
            reason = "envelope has no Value";
            return default;
        }

        return isEnvelope ? value : utf8;
    }

    private static StationMessage? ReadMessage(ReadOnlySpan<byte> utf8, out string? reason)
    {
        if (ReadSchemaVersion(utf8, out reason) is not { } version)
        {
            return null;
        }

        if (version != StationMessage.CurrentSchemaVersion)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"unknown schema version {version} (this consumer reads {StationMessage.CurrentSchemaVersion})");
            return null;
        }

        try
        {
            // Never null: ReadSchemaVersion found an object.
            var message = JsonSerializer.Deserialize(utf8, MessageJsonContext.Default.StationMessage)!;
            reason = Validate(message);
            return reason is null ? message : null;
        }
        catch (JsonException ex)
        {
            reason = $"not a station message: {JsonErrorText.FirstSentence(ex.Message)}";
            return null;
        }
    }

    /// <summary>The top-level <c>schemaVersion</c>, so that a newer contract is named as such rather than as malformed.</summary>
    private static int? ReadSchemaVersion(ReadOnlySpan<byte> utf8, out string? reason)
    {
        reason = null;
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = $"not a station message: {Describe(reader.TokenType)}";
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals("schemaVersion"u8);
            reader.Read();
            if (found)
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version))
                {
                    return version;
                }

                reason = "not a station message: schemaVersion is not a whole number";
                return null;
            }

            reader.Skip();
        }

        reason = "not a station message: no schemaVersion";
        return null;
    }

    private static string? Validate(StationMessage m)
    {
        if (m.StationCode.Length == 0)
        {
            return "stationCode is empty";
        }

        if (m.BikesAvailable < 0 || m.Mechanical < 0 || m.Electric < 0 || m.DocksAvailable < 0)
        {
            return $"station {m.StationCode}: a count is negative";
        }

        if (m.BikesAvailable > StationLimits.MaxCount || m.Mechanical > StationLimits.MaxCount || m.Electric > StationLimits.MaxCount || m.DocksAvailable > StationLimits.MaxCount)
        {
            return $"station {m.StationCode}: a count is over {StationLimits.MaxCount}, which no station holds";
        }

        if (m.Postcode is not null && !PostcodeTable.IsPostcode(m.Postcode))
        {
            return $"station {m.StationCode}: postcode '{m.Postcode}' is not five digits";
        }

        if (m.StationsInPostcode < 0)
        {
            return $"station {m.StationCode}: stationsInPostcode is negative";
        }

        return m.Quality.Any(q => q is null) ? $"station {m.StationCode}: quality holds a null" : null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
