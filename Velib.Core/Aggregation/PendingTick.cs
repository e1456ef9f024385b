using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>An incomplete (tick, postcode) group: the latest message of each station in so far.</summary>
internal sealed class PendingTick
{
    public Dictionary<string, StationMessage> Stations { get; } = new(StringComparer.Ordinal);

    /// <summary>The stations of this postcode the producer published for this tick: the largest <c>stationsInPostcode</c> seen.</summary>
    public int Expected { get; set; }
}
