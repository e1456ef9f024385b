using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>
/// The sum of one (tick, postcode) group, as <see cref="TickAssembly"/> publishes it once the group is whole. Given
/// fewer stations than the group expects it says <c>complete: false</c>: the hosts never publish that, but the one-batch
/// aggregation the tests check the assembly against (Velib.Tests/Support/OneBatchAggregator.cs) does.
/// </summary>
internal static class PostcodeAggregator
{
    /// <summary>Whether <paramref name="candidate"/> reports an earlier state than <paramref name="kept"/> (no date counts as earliest).</summary>
    internal static bool IsOlder(StationMessage candidate, StationMessage kept) =>
        (candidate.LastReported ?? DateTimeOffset.MinValue) < (kept.LastReported ?? DateTimeOffset.MinValue);

    /// <summary>
    /// The total of one (tick, postcode) group, one message per station. The city is that of the lowest station code
    /// that has one; a sum past <see cref="int.MaxValue"/> throws (<see cref="Enumerable.Sum(IEnumerable{int})"/> is checked).
    /// </summary>
    internal static PostcodeTotals Sum(DateTimeOffset tick, string postcode, IEnumerable<StationMessage> stations, DateTimeOffset computedAt)
    {
        var group = stations.OrderBy(s => s.StationCode, StringComparer.Ordinal).ToList();
        var expected = group.Select(s => s.StationsInPostcode).Append(group.Count).Max();
        return new PostcodeTotals
        {
            SchemaVersion = PostcodeTotals.CurrentSchemaVersion,
            Postcode = postcode,
            City = group.Find(s => s.City is not null)?.City,
            TotalBikes = group.Sum(s => s.BikesAvailable),
            MechanicalBikes = group.Sum(s => s.Mechanical),
            ElectricBikes = group.Sum(s => s.Electric),
            DocksAvailable = group.Sum(s => s.DocksAvailable ?? 0),
            StationCount = group.Count,
            StationsExpected = expected,
            Complete = group.Count >= expected,
            StationCodes = [.. group.Select(s => s.StationCode)],
            AsOf = group.Max(s => s.LastReported),
            Tick = tick,
            ComputedAt = computedAt,
            Quality = [.. group.SelectMany(s => s.Quality).Distinct().Order(StringComparer.Ordinal)],
        };
    }
}
