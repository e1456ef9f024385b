using System.Globalization;
using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>
/// One batch going through a <see cref="TickAssembly"/>: records are read and taken in one at a time, as they
/// arrive, so a batch is never held whole. Used by one caller at a time; <see cref="Complete"/> ends it.
/// </summary>
public sealed class TickBatch
{
    private readonly TickAssembly assembly;
    private readonly int maxRecordBytes;
    private readonly List<RejectedRecord> rejected = [];
    private readonly SortedSet<string> unresolved = new(StringComparer.Ordinal);
    private int records;

    internal TickBatch(TickAssembly assembly, int maxRecordBytes, DateTimeOffset computedAt)
    {
        this.assembly = assembly;
        this.maxRecordBytes = maxRecordBytes;
        ComputedAt = computedAt;
    }

    /// <summary>The <c>computedAt</c> of every total this batch publishes.</summary>
    public DateTimeOffset ComputedAt { get; }

    internal List<PostcodeTotals> Published { get; } = [];

    /// <summary>Postcodes whose newest published tick this batch has output, so that a redelivery in it republishes it once.</summary>
    internal HashSet<string> PublishedPostcodes { get; } = new(StringComparer.Ordinal);

    internal int Dropped { get; set; }

    internal int Late { get; set; }

    /// <summary>Reads one record: a bad one is rejected with its reason, the rest is taken as <see cref="Add(StationMessage, string)"/> takes it.</summary>
    public void Add(InboundRecord record)
    {
        if (StationRecordReader.TryRead(record.Utf8, maxRecordBytes, out var message, out var reason))
        {
            Add(message!, record.Origin);
            return;
        }

        records++;
        rejected.Add(new RejectedRecord(record.Origin, reason!));
    }

    /// <summary>
    /// Takes one message already read: one whose tick is more than <see cref="TickAssembly.MaxTickAhead"/> after
    /// <see cref="ComputedAt"/> is rejected, one without postcode is noted, the rest goes to the assembly.
    /// </summary>
    public void Add(StationMessage message, string origin = "message")
    {
        ArgumentNullException.ThrowIfNull(message);
        records++;
        if (message.Tick > ComputedAt + TickAssembly.MaxTickAhead)
        {
            rejected.Add(new RejectedRecord(origin, string.Create(
                CultureInfo.InvariantCulture,
                $"station {message.StationCode}: tick {UtcTimestampConverter.ToText(message.Tick)} is more than {TickAssembly.MaxTickAhead.TotalMinutes:0} minutes after this consumer's clock, {UtcTimestampConverter.ToText(ComputedAt)}")));
        }
        else if (message.Postcode is null)
        {
            unresolved.Add(message.StationCode);
        }
        else
        {
            assembly.Accept(message, this);
        }
    }

    /// <summary>Ends the batch: what it published (by tick, then postcode) and everything it counted.</summary>
    public TickBatchReport Complete()
    {
        Published.Sort(static (a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : string.CompareOrdinal(a.Postcode, b.Postcode));
        return new TickBatchReport(records, [.. Published], [.. rejected], [.. unresolved], assembly.Held.Ticks, Dropped, Late, ComputedAt);
    }
}
