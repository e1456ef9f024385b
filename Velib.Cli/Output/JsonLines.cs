using Velib.Core.Messages;

namespace Velib.Cli.Output;

/// <summary>Writes messages as JSON Lines: one compact JSON object per line.</summary>
internal static class JsonLines
{
    public static void Write(TextWriter writer, IEnumerable<StationMessage> messages)
    {
        foreach (var message in messages)
        {
            writer.WriteLine(KafkaRecords.ToJson(message));
        }
    }

    public static void Write(TextWriter writer, IEnumerable<PostcodeTotals> totals)
    {
        foreach (var total in totals)
        {
            writer.WriteLine(KafkaRecords.ToJson(total));
        }
    }
}
