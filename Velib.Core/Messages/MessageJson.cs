using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Velib.Core.Messages;

/// <summary>The wire JSON of the contracts (camelCase, strict) and of the envelope (PascalCase), letters unescaped (<c>Créteil</c>).</summary>
internal static class MessageJson
{
    public static readonly JsonTypeInfo<StationMessage> StationMessage = Relaxed(ContractJsonContext.Default.StationMessage);
    public static readonly JsonTypeInfo<PostcodeTotals> PostcodeTotals = Relaxed(ContractJsonContext.Default.PostcodeTotals);
    public static readonly JsonTypeInfo<KafkaEnvelope> KafkaEnvelope = Relaxed(EnvelopeJsonContext.Default.KafkaEnvelope);

    private static JsonTypeInfo<T> Relaxed<T>(JsonTypeInfo<T> generated) =>
        (JsonTypeInfo<T>)new JsonSerializerOptions(generated.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }.GetTypeInfo(typeof(T));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(StationMessage))]
[JsonSerializable(typeof(PostcodeTotals))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;

[JsonSerializable(typeof(KafkaEnvelope))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext;
