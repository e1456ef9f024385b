using Velib.Core.Aggregation;
using Velib.Core.Messages;

namespace Velib.Tests.Support;

/// <summary>
/// The one-batch aggregation the tick assembly is checked against, written apart from it: the batch taken alone,
/// summed per (tick, postcode), the latest message of each station winning (by <c>lastReported</c>, then by batch
/// order). Groups missing some of their stations come out with <c>complete: false</c>; messages without a postcode
/// are not summed, their stations are listed.
/// </summary>
public static class OneBatchAggregator
{
    /// <summary>Reads and aggregates raw records; a bad record is rejected with its reason and the rest goes on.</summary>
    public static AggregationResult AggregateRecords(IEnumerable<InboundRecord> records, DateTimeOffset computedAt)
    {
        var messages = new List<StationMessage>();
        var rejected = new List<RejectedRecord>();
        foreach (var record in records)
        {
            if (StationRecordReader.TryRead(record.Utf8, out var message, out var reason))
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
            .Select(group => Sum(group.Key.Tick, group.Key.Postcode, [.. Latest(group)], computedAt))
            .OrderBy(t => t.Tick)
            .ThenBy(t => t.Postcode, StringComparer.Ordinal);
        var unresolved = batch.Where(m => m.Postcode is null).Select(m => m.StationCode).Distinct().Order(StringComparer.Ordinal);
        return new AggregationResult([.. totals], [], [.. unresolved]);
    }

    private static IEnumerable<StationMessage> Latest(IEnumerable<StationMessage> group) =>
        group.GroupBy(m => m.StationCode, StringComparer.Ordinal)
            .Select(station => station.Aggregate((kept, next) => (next.LastReported ?? DateTimeOffset.MinValue) < (kept.LastReported ?? DateTimeOffset.MinValue) ? kept : next));

    private static PostcodeTotals Sum(DateTimeOffset tick, string postcode, List<StationMessage> group, DateTimeOffset computedAt)
    {
        var expected = group.Max(s => s.StationsInPostcode);
        var city = group.Where(s => s.City is not null).MinBy(s => s.StationCode, StringComparer.Ordinal)?.City;
        return new PostcodeTotals
        {
            SchemaVersion = PostcodeTotals.CurrentSchemaVersion,
            Postcode = postcode,
            City = city,
            TotalBikes = group.Sum(s => s.BikesAvailable),
            MechanicalBikes = group.Sum(s => s.Mechanical),
            ElectricBikes = group.Sum(s => s.Electric),
            DocksAvailable = group.Sum(s => s.DocksAvailable ?? 0),
            StationCount = group.Count,
            StationsExpected = Math.Max(expected, group.Count),
            Complete = group.Count >= expected,
            StationCodes = [.. group.Select(s => s.StationCode).Order(StringComparer.Ordinal)],
            AsOf = group.Max(s => s.LastReported),
            Tick = tick,
            ComputedAt = computedAt,
            Quality = [.. group.SelectMany(s => s.Quality).Distinct().Order(StringComparer.Ordinal)],
        };
    }
}
