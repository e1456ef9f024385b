namespace Velib.Core.Messages;

/// <summary>The default topic names of the pipeline (each is configurable where it is used).</summary>
public static class KafkaTopics
{
    /// <summary>Station messages, one per station per tick.</summary>
    public const string Stations = "velib-projet";

    /// <summary>Postcode totals, one per postcode per tick (a compacted topic).</summary>
    public const string PostcodeTotals = "velib-projet-final-data";

    /// <summary>The key of station messages whose postcode is unresolved.</summary>
    public const string UnresolvedKey = "unresolved";
}
