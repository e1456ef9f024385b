namespace Velib.Core.Messages;

/// <summary>The default topic names (each configurable where it is used), and the key of stations without postcode.</summary>
public static class KafkaTopics
{
    public const string Stations = "velib-projet";
    public const string PostcodeTotals = "velib-projet-final-data";
    public const string UnresolvedKey = "unresolved";
}
