using Velib.Core.Aggregation;
using Velib.Core.Messages;

namespace Velib.Tests.Support;

/// <summary>What <see cref="OneBatchAggregator"/> makes of a batch: the totals by tick then postcode, and what was left out.</summary>
/// <param name="UnresolvedStations">Codes of stations that had no postcode, sorted: not summed anywhere.</param>
public sealed record AggregationResult(
    IReadOnlyList<PostcodeTotals> Totals,
    IReadOnlyList<RejectedRecord> Rejected,
    IReadOnlyList<string> UnresolvedStations);
