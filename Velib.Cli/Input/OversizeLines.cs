using System.Globalization;

namespace Velib.Cli.Input;

/// <summary>
/// The lines of one batch over the record limit, for one warning (as the aggregation words the other rejections of a
/// batch: one line, the first ten line numbers): their count, first numbers and sizes only, so that nothing grows with the input.
/// </summary>
internal sealed class OversizeLines
{
    private readonly List<int> first = [];
    private long smallest, largest;

    public int Count { get; private set; }

    public void Add(RecordLine line)
    {
        if (first.Count < 10)
        {
            first.Add(line.Number);
        }

        smallest = Count == 0 ? line.OversizeBytes : Math.Min(smallest, line.OversizeBytes);
        largest = Math.Max(largest, line.OversizeBytes);
        Count++;
    }

    public void Clear()
    {
        first.Clear();
        (smallest, largest, Count) = (0, 0, 0);
    }

    /// <summary>The batch's one warning about them, worded as the aggregation's; null when there are none.</summary>
    public string? Warning(int limit)
    {
        var reason = smallest == largest
            ? string.Create(CultureInfo.InvariantCulture, $"record of {largest} bytes is over the {limit}-byte limit")
            : string.Create(CultureInfo.InvariantCulture, $"records of {smallest} to {largest} bytes are over the {limit}-byte limit");
        var lines = string.Join("; ", first.Select(n => string.Create(CultureInfo.InvariantCulture, $"line {n}")))
            + (Count > first.Count ? string.Create(CultureInfo.InvariantCulture, $" and {Count - first.Count} more") : "");
        return Count switch
        {
            0 => null,
            1 => $"Record at {lines} rejected: {reason}",
            _ => string.Create(CultureInfo.InvariantCulture, $"{Count} records rejected, at {lines}: {reason}"),
        };
    }
}
