using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>The totals of a batch, ordered by tick then postcode, and what was left out of them.</summary>
/// <param name="UnresolvedStations">Codes of stations that had no postcode, sorted: not summed anywhere.</param>
public sealed record AggregationResult(
    IReadOnlyList<PostcodeTotals> Totals,
    IReadOnlyList<RejectedRecord> Rejected,
    IReadOnlyList<string> UnresolvedStations);
