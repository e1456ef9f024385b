using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Velib.Core.Messages;

/// <summary>Writes instants as ISO-8601 UTC with a <c>Z</c> (<c>2025-10-18T08:31:34Z</c>); reads any ISO-8601 offset, and none as UTC.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    // Without an offset the reader takes the machine's time zone: the contract's instants are UTC. A Z (offset 0) is read once.
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTimeOffset();
        return value.Offset != TimeSpan.Zero && reader.TryGetDateTime(out var time) && time.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
