using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>
/// Assembles each tick of each postcode across batches, and publishes a postcode's total for a tick only once every
/// station of that tick is in: the one aggregation of the Kafka-triggered function, <c>velib aggregate</c> and
/// <c>velib run</c>. Rules:
/// <list type="bullet">
/// <item>Per (tick, postcode) it holds the latest message of each station (by <c>lastReported</c>, then arrival), so a
/// station counts once per tick, whatever is redelivered.</item>
/// <item>A total is published when the group holds <c>stationsInPostcode</c> distinct stations (the largest any of its
/// messages states), with exactly the values <see cref="PostcodeAggregator"/> gives for the whole tick; never before.</item>
/// <item>Publishing tick T of a postcode drops that postcode's incomplete ticks older than T (logged, counted), and
/// from then on records of tick T or older for that postcode are ignored (counted as late): a postcode's published
/// ticks never go down. A record of T itself arriving again (a redelivery) republishes T's total as it was, once per
/// batch, so that a batch retried after its output was lost puts it back; an older tick is never published again.</item>
/// <item>A record whose tick is more than <see cref="MaxTickAhead"/> after the batch's clock is rejected: taken in,
/// it would become the newest tick seen and put every real tick beyond the horizon, holding them all back.</item>
/// <item>The state is bounded: an incomplete tick older than <see cref="VelibOptions.TickHorizon"/> before the newest
/// tick seen (stream time, never the wall clock) is dropped and records of such ticks are ignored; past
/// <see cref="VelibOptions.MaxHeldStations"/> held messages, the oldest incomplete tick is dropped. The newest published
/// tick of each postcode is kept for the life of the assembly (one entry per postcode ever seen).</item>
/// </list>
/// Thread-safe: every change of the state happens under one lock, so concurrent batches never corrupt it, and a
/// (tick, postcode) is computed once, by the batch that completes it. The state lives in memory only: a new assembly
/// (a restarted worker) knows nothing of what an earlier one held or published.
/// </summary>
public sealed partial class TickAssembly(IOptions<VelibOptions> options, TimeProvider timeProvider, ILogger<TickAssembly> logger)
{
    /// <summary>
    /// How far after the consumer's clock a tick may be. A producer's tick is never more than five minutes after its
    /// own clock (<see cref="Snapshots.FeedTick.FutureTolerance"/>); five more allow for the two clocks to differ.
    /// </summary>
    public static readonly TimeSpan MaxTickAhead = TimeSpan.FromMinutes(10);

    private readonly Lock gate = new();
    private readonly Dictionary<string, PostcodeTicks> postcodes = new(StringComparer.Ordinal);
    private readonly TimeSpan horizon = options.Value.TickHorizon;
    private readonly int maxHeldStations = options.Value.MaxHeldStations;
    private readonly int maxRecordBytes = options.Value.MaxRecordBytes;
    private DateTimeOffset? newestTick;
    private int heldStations;

    /// <summary>What is held for incomplete ticks, now: the (tick, postcode) groups, and the station messages in them.</summary>
    public (int Ticks, int Stations) Held
    {
        get
        {
            lock (gate)
            {
                return (postcodes.Values.Sum(p => p.Pending.Count), heldStations);
            }
        }
    }

    /// <summary>Starts a batch; its <c>computedAt</c> is now. A batch is used by one caller at a time.</summary>
    public TickBatch StartBatch() => new(this, maxRecordBytes, timeProvider.GetUtcNow());

    /// <summary>Runs one whole batch of raw records through the assembly, reading them as they are enumerated.</summary>
    public TickBatchReport Process(IEnumerable<InboundRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batch = StartBatch();
        foreach (var record in records)
        {
            batch.Add(record);
        }

        return batch.Complete();
    }

    /// <summary>Takes one message with a postcode into the state; what it publishes or drops goes to <paramref name="batch"/>.</summary>
    internal void Accept(StationMessage message, TickBatch batch)
    {
        var postcode = message.Postcode!;
        var tick = message.Tick;
        lock (gate)
        {
            if (newestTick is null || tick > newestTick)
            {
                newestTick = tick;
                DropBeyondHorizon(batch);
            }

            if (tick < newestTick - horizon)
            {
                batch.Late++;
                return;
            }

            if (!postcodes.TryGetValue(postcode, out var state))
            {
                state = new PostcodeTicks();
                postcodes.Add(postcode, state);
            }

            if (state.LastPublished?.Tick >= tick)
            {
                // A redelivery of the newest published tick republishes its total, identical, once per batch: a batch
                // retried after its output was lost puts it back. Older ticks are never published again.
                if (tick == state.LastPublished.Tick && batch.PublishedPostcodes.Add(postcode))
                {
                    batch.Published.Add(state.LastPublished);
                }

                batch.Late++;
                return;
            }

            if (!state.Pending.TryGetValue(tick, out var group))
            {
                group = new PendingTick();
                state.Pending.Add(tick, group);
            }

            if (!group.Stations.TryGetValue(message.StationCode, out var kept))
            {
                group.Stations.Add(message.StationCode, message);
                heldStations++;
            }
            else if (!PostcodeAggregator.IsOlder(message, kept))
            {
                group.Stations[message.StationCode] = message;
            }

            group.Expected = Math.Max(group.Expected, message.StationsInPostcode);
            if (group.Stations.Count >= group.Expected)
            {
                Publish(postcode, tick, state, group, batch);
            }
            else if (heldStations > maxHeldStations)
            {
                DropOldestUntilUnderCap(batch);
            }
        }
    }

    private void Publish(string postcode, DateTimeOffset tick, PostcodeTicks state, PendingTick group, TickBatch batch)
    {
        var totals = PostcodeAggregator.Sum(tick, postcode, group.Stations.Values, batch.ComputedAt);
        batch.Published.Add(totals);
        batch.PublishedPostcodes.Add(postcode);
        state.LastPublished = totals;
        Remove(state, tick, group);
        while (state.Pending.Count > 0 && state.Pending.Keys[0] < tick)
        {
            Drop(postcode, state, state.Pending.Keys[0], batch, $"tick {UtcTimestampConverter.ToText(tick)} was published");
        }
    }

    private void DropBeyondHorizon(TickBatch batch)
    {
        var limit = newestTick!.Value - horizon;
        foreach (var (postcode, state) in postcodes)
        {
            while (state.Pending.Count > 0 && state.Pending.Keys[0] < limit)
            {
                Drop(postcode, state, state.Pending.Keys[0], batch, string.Create(
                    CultureInfo.InvariantCulture,
                    $"more than the horizon of {horizon.TotalMinutes:0} minutes before the newest tick, {UtcTimestampConverter.ToText(newestTick.Value)}"));
            }
        }
    }

    private void DropOldestUntilUnderCap(TickBatch batch)
    {
        while (heldStations > maxHeldStations)
        {
            var oldest = postcodes
                .Where(p => p.Value.Pending.Count > 0)
                .OrderBy(p => p.Value.Pending.Keys[0])
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .First();
            Drop(oldest.Key, oldest.Value, oldest.Value.Pending.Keys[0], batch, string.Create(CultureInfo.InvariantCulture, $"over the cap of {maxHeldStations} held station messages"));
        }
    }

    private void Drop(string postcode, PostcodeTicks state, DateTimeOffset tick, TickBatch batch, string reason)
    {
        var group = state.Pending[tick];
        Remove(state, tick, group);
        batch.Dropped++;
        LogDropped(postcode, UtcTimestampConverter.ToText(tick), group.Stations.Count, group.Expected, reason);
    }

    private void Remove(PostcodeTicks state, DateTimeOffset tick, PendingTick group)
    {
        state.Pending.Remove(tick);
        heldStations -= group.Stations.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Postcode {Postcode}: incomplete tick {Tick} dropped, {Held} of {Expected} stations in: {Reason}")]
    private partial void LogDropped(string postcode, string tick, int held, int expected, string reason);
}
