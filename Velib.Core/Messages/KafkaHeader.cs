namespace Velib.Core.Messages;

/// <summary>A Kafka header as the isolated-worker Kafka extension writes and reads it in an envelope.</summary>
public sealed record KafkaHeader(string Key, string? Value);
