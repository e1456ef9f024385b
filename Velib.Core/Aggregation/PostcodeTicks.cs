using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>What a <see cref="TickAssembly"/> holds for one postcode: its newest published tick and its incomplete ticks.</summary>
internal sealed class PostcodeTicks
{
    /// <summary>The newest tick published for this postcode; records of this tick or older are ignored.</summary>
    public DateTimeOffset? Published { get; set; }

    /// <summary>The total published for <see cref="Published"/>, republished as it was when that tick is redelivered.</summary>
    public PostcodeTotals? LastPublished { get; set; }

    /// <summary>The incomplete ticks, oldest first; all newer than <see cref="Published"/>.</summary>
    public SortedList<DateTimeOffset, PendingTick> Pending { get; } = [];
}
