using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>What a <see cref="TickAssembly"/> holds for one postcode: its newest published total and its incomplete ticks.</summary>
internal sealed class PostcodeTicks
{
    /// <summary>
    /// The total of the newest tick published for this postcode: records of its tick or older are ignored, and a
    /// redelivery of its tick republishes it as it was.
    /// </summary>
    public PostcodeTotals? LastPublished { get; set; }

    /// <summary>The incomplete ticks, oldest first; all newer than <see cref="LastPublished"/>.</summary>
    public SortedList<DateTimeOffset, PendingTick> Pending { get; } = [];
}
