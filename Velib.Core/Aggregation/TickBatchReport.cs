using System.Globalization;
using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>What one batch did in a <see cref="TickAssembly"/>.</summary>
/// <param name="Records">Records in the batch.</param>
/// <param name="Published">The totals the batch completed (or republished on a redelivery of the newest published tick), by tick then postcode: every one complete.</param>
/// <param name="Rejected">Records that could not be read, with where they came from and why.</param>
/// <param name="UnresolvedStations">Codes of stations without postcode, sorted: not summed anywhere.</param>
/// <param name="Held">Incomplete (tick, postcode) groups the assembly holds after the batch, waiting for their other stations.</param>
/// <param name="Dropped">Incomplete (tick, postcode) groups dropped during the batch: superseded by a newer published tick, past the horizon, or over the cap.</param>
/// <param name="Late">Messages not taken in because their tick was already published for their postcode (a redelivery, a late old tick) or is past the horizon.</param>
/// <param name="ComputedAt">The <c>computedAt</c> of the published totals.</param>
public sealed record TickBatchReport(
    int Records,
    IReadOnlyList<PostcodeTotals> Published,
    IReadOnlyList<RejectedRecord> Rejected,
    IReadOnlyList<string> UnresolvedStations,
    int Held,
    int Dropped,
    int Late,
    DateTimeOffset ComputedAt)
{
    /// <summary>A one-line account of the batch.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Published.Count} postcode totals published, {Held} held incomplete, {Dropped} dropped, {Late} late records ignored, {Rejected.Count} records rejected, {UnresolvedStations.Count} stations without postcode");
}
