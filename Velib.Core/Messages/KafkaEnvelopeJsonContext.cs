using System.Text.Json.Serialization;

namespace Velib.Core.Messages;

/// <summary>Source-generated JSON of <see cref="KafkaEnvelope"/>: PascalCase member names, as the Kafka extension expects.</summary>
[JsonSerializable(typeof(KafkaEnvelope))]
public sealed partial class KafkaEnvelopeJsonContext : JsonSerializerContext;
