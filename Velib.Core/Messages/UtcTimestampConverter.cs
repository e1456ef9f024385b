using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Velib.Core.Messages;

/// <summary>Writes instants as ISO-8601 UTC with a <c>Z</c> (<c>2025-10-18T08:31:34Z</c>); reads any ISO-8601 offset, and none as UTC.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    // GetDateTimeOffset reads no offset as the machine's time zone (and fails where that leaves the range: 0001 in Paris);
    // the contract's instants are UTC. TryGetDateTime keeps a Z or no offset as written; another is read with its offset.
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TryGetDateTime(out var time) && time.Kind != DateTimeKind.Local ? new DateTimeOffset(time.Ticks, TimeSpan.Zero) : reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
