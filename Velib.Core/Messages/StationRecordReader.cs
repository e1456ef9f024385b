using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Velib.Core.Configuration;
using Velib.Core.Postcodes;

namespace Velib.Core.Messages;

/// <summary>A station message from a record (the bare value, or an envelope whose <c>Value</c> is a string or an object), or why not.</summary>
public static class StationRecordReader
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>Room for twice today's 16 flags, each over twice the longest (22 characters): with the producer's bound on a name and a city, a held message is a few KB, not a record's 64 KiB.</summary>
    internal const int MaxQualityFlags = 32, MaxFlagLength = 48;

    private const string PostcodeTotal = $"not a station message: a postcode total (of {KafkaTopics.PostcodeTotals})";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static string OverLimit(long bytes) => string.Create(CultureInfo.InvariantCulture, $"record of {bytes} bytes is over the {MaxBytes}-byte limit");

    public static bool TryRead(ReadOnlyMemory<byte> utf8, out StationMessage? message, out string? reason)
    {
        message = null;
        reason = utf8.IsEmpty ? "empty: the record has no value"
            : utf8.Length > MaxBytes ? OverLimit(utf8.Length)
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
            }
            // An envelope has no schemaVersion: a record with one is a message, whatever other members it has.
            else if ((!root.TryGetProperty("Value"u8, out var value) && !root.TryGetProperty("Offset"u8, out _) && !root.TryGetProperty("Partition"u8, out _) && !root.TryGetProperty("Headers"u8, out _))
                || root.TryGetProperty("schemaVersion"u8, out _))
            {
                message = Read(root, out reason);
            }
            else if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
            {
                reason = value.ValueKind == JsonValueKind.Undefined ? "envelope has no Value" : $"envelope Value is {Describe(value.ValueKind)}, not a station message";
            }
            else
            {
                using var inner = value.ValueKind == JsonValueKind.String ? JsonDocument.Parse(value.GetString()!, Options) : null;
                message = Read(inner?.RootElement ?? value, out reason);
            }
        }
        catch (JsonException ex)
        {
            reason = $"not JSON: {JsonErrorText.FirstSentence(ex.Message)}";
        }
        catch (InvalidOperationException ex)
        {
            // A Value string holding an escaped lone surrogate (\uD800) cannot be read as text.
            reason = $"text that cannot be read: {JsonErrorText.FirstSentence(ex.Message)}";
        }

        return message is not null;
    }

    private static StationMessage? Read(JsonElement station, out string? reason)
    {
        // The schema version first, so that a newer contract is named as such rather than as malformed.
        reason = station.ValueKind != JsonValueKind.Object ? $"not a station message: {Describe(station.ValueKind)}"
            : !station.TryGetProperty("schemaVersion"u8, out var version) ? "not a station message: no schemaVersion"
            : version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) ? "not a station message: schemaVersion is not a whole number"
            : number != StationMessage.CurrentSchemaVersion ? IsPostcodeTotal(station) ? PostcodeTotal : string.Create(CultureInfo.InvariantCulture, $"unknown schema version {number} (this consumer reads {StationMessage.CurrentSchemaVersion})")
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
            reason = IsPostcodeTotal(station) ? PostcodeTotal : $"not a station message: {Unfit(station, ex)}";
            return null;
        }

        int?[] counts = [m.BikesAvailable, m.Mechanical, m.Electric, m.DocksAvailable];
        // The producer's own bounds on a code (blanks are no part of it): a code it never writes is not taken, nor put in a log line.
        reason = m.StationCode.Trim().Length == 0 ? "stationCode is empty"
            : m.StationCode.Length > StationSelection.MaxCodeLength ? $"a stationCode of {m.StationCode.Length} characters (at most {StationSelection.MaxCodeLength})"
            : m.StationCode.Any(char.IsControl) ? "stationCode holds a control character"
            : counts.Any(c => c < 0) ? $"station {m.StationCode}: a count is negative"
            : counts.Any(c => c > StationMessage.MaxCount) ? $"station {m.StationCode}: a count is over {StationMessage.MaxCount}, which no station holds"
            : m.Postcode is not null && !PostcodeTable.IsPostcode(m.Postcode) ? $"station {m.StationCode}: postcode '{TextCut.Shortened(m.Postcode, 40)}' is not five digits"
            : m.StationsInPostcode < 1 ? $"station {m.StationCode}: stationsInPostcode is {m.StationsInPostcode}; a station counts itself"
            : m.Quality.Any(q => q is null) ? $"station {m.StationCode}: quality holds a null"
            : m.Name?.Length > StationMessage.MaxTextLength || m.City?.Length > StationMessage.MaxTextLength ? $"station {m.StationCode}: a name or city over {StationMessage.MaxTextLength} characters, which the producer never writes"
            : m.Quality.Count > MaxQualityFlags || m.Quality.Any(q => q.Length > MaxFlagLength) ? $"station {m.StationCode}: quality holds more than {MaxQualityFlags} flags or one over {MaxFlagLength} characters"
            : null;
        return reason is null ? m : null;
    }

    // Looked at only once a record failed: a total (of either schema version) is named as the other contract.
    private static bool IsPostcodeTotal(JsonElement record) => record.TryGetProperty("totalBikes"u8, out _) && !record.TryGetProperty("stationCode"u8, out _);

    // The serializer's messages name .NET types: the members and the value are what a producer can act on.
    private static string Unfit(JsonElement station, JsonException ex)
    {
        var missing = MessageJson.StationMessage.Properties.Where(p => p.IsRequired && !station.TryGetProperty(p.Name, out _)).Select(p => $"'{p.Name}'").ToList();
        var member = ex.Path is ['$', '.', .. var path] ? path.Split('[')[0] : null;
        return missing.Count > 0 ? $"no {string.Join(", ", missing)}"
            : member is not null && station.TryGetProperty(member, out var value) ? $"'{member}' cannot be {TextCut.Shortened(value.GetRawText().ReplaceLineEndings(" "), 40)}"
            : JsonErrorText.FirstSentence(ex.Message);
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
