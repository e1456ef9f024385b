using System.Globalization;
using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>What one batch did in a <see cref="TickAssembly"/>.</summary>
/// <param name="Late">Records not taken in: their tick was already published for their postcode, or is past the horizon.</param>
public sealed record TickBatchResult(
    int Records,
    IReadOnlyList<PostcodeTotals> Published,
    IReadOnlyList<RejectedRecord> Rejected,
    int Unresolved,
    int Held,
    int Dropped,
    int Late,
    DateTimeOffset ComputedAt)
{
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Published.Count} postcode totals published, {Held} held incomplete, {Dropped} dropped, {Late} late records ignored, {Rejected.Count} records rejected, {Unresolved} stations without postcode");
}
