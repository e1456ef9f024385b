using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Velib.Core.Postcodes;

namespace Velib.Core.Messages;

/// <summary>
/// Reads a station message from a Kafka record: the bare JSON value, or the envelope the batched trigger hands over
/// (<c>Value</c> a string or an object). Every way a record can be wrong gives a reason, never an exception.
/// </summary>
public static class StationRecordReader
{
    /// <summary>The largest record read.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static bool TryRead(ReadOnlyMemory<byte> utf8, out StationMessage? message, out string? reason)
    {
        message = null;
        reason = utf8.Length > MaxBytes ? $"record of {utf8.Length} bytes is over the {MaxBytes}-byte limit"
            : !Utf8.IsValid(utf8.Span) ? "not UTF-8 text"
            : null;
        if (reason is not null)
        {
            return false;
        }

        try
        {
            using var record = JsonDocument.Parse(utf8, Options);
            var root = record.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "not a JSON object";
                return false;
            }

            if (!IsEnvelope(root))
            {
                message = Read(root, out reason);
            }
            else if (!root.TryGetProperty("Value"u8, out var value))
            {
                reason = "envelope has no Value";
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                using var inner = JsonDocument.Parse(value.GetString()!, Options);
                message = Read(inner.RootElement, out reason);
            }
            else
            {
                message = value.ValueKind == JsonValueKind.Object ? Read(value, out reason) : null;
                reason ??= message is null ? $"envelope Value is {Describe(value.ValueKind)}, not a station message" : null;
            }

            return message is not null;
        }
        catch (JsonException ex)
        {
            reason = $"not JSON: {JsonErrorText.FirstSentence(ex.Message)}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // A Value string holding an escaped lone surrogate (\uD800) cannot be read as text.
            reason = $"text that cannot be read: {JsonErrorText.FirstSentence(ex.Message)}";
            return false;
        }
    }

    private static bool IsEnvelope(JsonElement record) =>
        record.TryGetProperty("Value"u8, out _) || record.TryGetProperty("Offset"u8, out _) || record.TryGetProperty("Partition"u8, out _) || record.TryGetProperty("Headers"u8, out _);

    private static StationMessage? Read(JsonElement station, out string? reason)
    {
        // The schema version first, so that a newer contract is named as such rather than as malformed.
        reason = station.ValueKind != JsonValueKind.Object ? $"not a station message: {Describe(station.ValueKind)}"
            : !station.TryGetProperty("schemaVersion"u8, out var version) ? "not a station message: no schemaVersion"
            : !version.TryGetInt32Strict(out var number) ? "not a station message: schemaVersion is not a whole number"
            : number != StationMessage.CurrentSchemaVersion ? string.Create(CultureInfo.InvariantCulture, $"unknown schema version {number} (this consumer reads {StationMessage.CurrentSchemaVersion})")
            : null;
        if (reason is not null)
        {
            return null;
        }

        StationMessage m;
        try
        {
            m = station.Deserialize(MessageJson.StationMessage)!;
        }
        catch (JsonException ex)
        {
            reason = $"not a station message: {JsonErrorText.FirstSentence(ex.Message)}";
            return null;
        }

        reason = m.StationCode.Length == 0 ? "stationCode is empty"
            : m.BikesAvailable < 0 || m.Mechanical < 0 || m.Electric < 0 || m.DocksAvailable < 0 ? $"station {m.StationCode}: a count is negative"
            : m.BikesAvailable > StationMessage.MaxCount || m.Mechanical > StationMessage.MaxCount || m.Electric > StationMessage.MaxCount || m.DocksAvailable > StationMessage.MaxCount
                ? $"station {m.StationCode}: a count is over {StationMessage.MaxCount}, which no station holds"
            : m.Postcode is not null && !PostcodeTable.IsPostcode(m.Postcode) ? $"station {m.StationCode}: postcode '{m.Postcode}' is not five digits"
            : m.StationsInPostcode < 0 ? $"station {m.StationCode}: stationsInPostcode is negative"
            : m.Quality.Any(q => q is null) ? $"station {m.StationCode}: quality holds a null"
            : null;
        return reason is null ? m : null;
    }

    private static bool TryGetInt32Strict(this JsonElement e, out int value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value);
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
