using Velib.Core.Aggregation;
using Velib.Core.Messages;

namespace Velib.Tests.Support;

/// <summary>
/// The one-batch aggregation the tick assembly is checked against: the batch taken alone, summed per (tick, postcode)
/// with the assembly's own sum, the latest message of each station winning (by <c>lastReported</c>, then by batch
/// order). Groups missing some of their stations come out with <c>complete: false</c>; messages without a postcode
/// are not summed, their stations are listed.
/// </summary>
public static class OneBatchAggregator
{
    /// <summary>Reads and aggregates raw records; a bad record is rejected with its reason and the rest goes on.</summary>
    public static AggregationResult AggregateRecords(IEnumerable<InboundRecord> records, int maxRecordBytes, DateTimeOffset computedAt)
    {
        var messages = new List<StationMessage>();
        var rejected = new List<RejectedRecord>();
        foreach (var record in records)
        {
            if (StationRecordReader.TryRead(record.Utf8, maxRecordBytes, out var message, out var reason))
            {
                messages.Add(message!);
            }
            else
            {
                rejected.Add(new RejectedRecord(record.Origin, reason!));
            }
        }

        return Aggregate(messages, computedAt) with { Rejected = rejected };
    }

    /// <summary>Aggregates messages already read: totals by tick, then postcode.</summary>
    public static AggregationResult Aggregate(IEnumerable<StationMessage> messages, DateTimeOffset computedAt)
    {
        var batch = messages.ToList();
        var totals = batch
            .Where(m => m.Postcode is not null)
            .GroupBy(m => (m.Tick, Postcode: m.Postcode!))
            .Select(group => PostcodeAggregator.Sum(group.Key.Tick, group.Key.Postcode, Latest(group), computedAt))
            .OrderBy(t => t.Tick)
            .ThenBy(t => t.Postcode, StringComparer.Ordinal);
        var unresolved = batch.Where(m => m.Postcode is null).Select(m => m.StationCode).Distinct().Order(StringComparer.Ordinal);
        return new AggregationResult([.. totals], [], [.. unresolved]);
    }

    private static IEnumerable<StationMessage> Latest(IEnumerable<StationMessage> group) =>
        group.GroupBy(m => m.StationCode, StringComparer.Ordinal)
            .Select(station => station.Aggregate((kept, next) => PostcodeAggregator.IsOlder(next, kept) ? kept : next));
}
