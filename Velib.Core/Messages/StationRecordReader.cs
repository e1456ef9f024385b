using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
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
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>Reads one record; on failure <paramref name="message"/> is null and <paramref name="reason"/> says why.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> utf8, int maxBytes, out StationMessage? message, out string? reason)
    {
        message = null;

        // Strings are only checked for UTF-8 when they are decoded, and then with an InvalidOperationException.
        reason = utf8.Length > maxBytes ? $"record of {utf8.Length} bytes is over the {maxBytes}-byte limit"
            : !Utf8.IsValid(utf8.Span) ? "not UTF-8 text"
            : null;
        if (reason is not null)
        {
            return false;
        }

        try
        {
            using var record = JsonDocument.Parse(utf8, DocumentOptions);
            if (record.RootElement.ValueKind != JsonValueKind.Object)
            {
                reason = "not a JSON object";
                return false;
            }

            message = IsEnvelope(record.RootElement) ? ReadEnvelope(record.RootElement, out reason) : ReadMessage(record.RootElement, out reason);
            return message is not null;
        }
        catch (JsonException ex)
        {
            reason = $"not JSON: {JsonErrorText.FirstSentence(ex.Message)}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // An envelope's Value string holding an escaped lone surrogate (\uD800) cannot be read as text.
            reason = $"text that cannot be read: {JsonErrorText.FirstSentence(ex.Message)}";
            return false;
        }
    }

    private static bool IsEnvelope(JsonElement record) =>
        record.TryGetProperty("Value"u8, out _) || record.TryGetProperty("Offset"u8, out _) || record.TryGetProperty("Partition"u8, out _) || record.TryGetProperty("Headers"u8, out _);

    /// <summary>The message in an envelope's <c>Value</c>: a string holding its JSON, or the object itself.</summary>
    private static StationMessage? ReadEnvelope(JsonElement envelope, out string? reason)
    {
        if (!envelope.TryGetProperty("Value"u8, out var value))
        {
            reason = "envelope has no Value";
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                using (var inner = JsonDocument.Parse(value.GetString()!, DocumentOptions))
                {
                    return ReadMessage(inner.RootElement, out reason);
                }

            case JsonValueKind.Object:
                return ReadMessage(value, out reason);
            default:
                reason = $"envelope Value is {Describe(value.ValueKind)}, not a station message";
                return null;
        }
    }

    private static StationMessage? ReadMessage(JsonElement station, out string? reason)
    {
        // The schema version first, so that a newer contract is named as such rather than as malformed.
        reason = station.ValueKind != JsonValueKind.Object ? $"not a station message: {Describe(station.ValueKind)}"
            : !station.TryGetProperty("schemaVersion"u8, out var version) ? "not a station message: no schemaVersion"
            : version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) ? "not a station message: schemaVersion is not a whole number"
            : number != StationMessage.CurrentSchemaVersion ? string.Create(CultureInfo.InvariantCulture, $"unknown schema version {number} (this consumer reads {StationMessage.CurrentSchemaVersion})")
            : null;
        if (reason is not null)
        {
            return null;
        }

        try
        {
            // Never null: the element is an object.
            var message = station.Deserialize(MessageJsonContext.Default.StationMessage)!;
            reason = Validate(message);
            return reason is null ? message : null;
        }
        catch (JsonException ex)
        {
            reason = $"not a station message: {JsonErrorText.FirstSentence(ex.Message)}";
            return null;
        }
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

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
