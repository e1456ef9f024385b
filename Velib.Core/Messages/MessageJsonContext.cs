using System.Text.Json.Serialization;

namespace Velib.Core.Messages;

/// <summary>
/// Source-generated JSON of the two message contracts: camelCase, strict on required members and nullability,
/// tolerant of members it does not know (a newer producer may add some within the same schema version).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(StationMessage))]
[JsonSerializable(typeof(PostcodeTotals))]
public sealed partial class MessageJsonContext : JsonSerializerContext;
