using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Velib.Core.Messages;
using Velib.Core.Snapshots;

namespace Velib.Core.Aggregation;

/// <summary>Assembles each (tick, postcode) across batches and publishes it whole: docs/functions.md, "Aggregation rules".</summary>
public sealed partial class TickAssembly(TimeProvider timeProvider, ILogger<TickAssembly> logger)
{
    /// <summary>A producer's tick is at most 5 min after its clock; 5 more allow for the two clocks to differ.</summary>
    public static readonly TimeSpan MaxTickAhead = TimeSpan.FromMinutes(10);

    /// <summary>How far before the newest tick seen (stream time, never the wall clock) an incomplete tick is held.</summary>
    public static readonly TimeSpan TickHorizon = TimeSpan.FromMinutes(15);

    /// <summary>The rejected records a batch's result lists, the reasons its warnings name, and the stations without postcode it tells apart, at most; all are counted.</summary>
    internal const int MaxListedRejections = 1_000, MaxRejectionReasons = 100, MaxUnresolvedKept = 50_000;

    // A stream of incomplete ticks (every postcode short of a station, the cap reached) dropped 78 a batch, each a line.
    internal const int MaxDropsNamed = 10;

    private static readonly string OtherReasons = $"other reasons (a batch's warnings name {MaxRejectionReasons} at most)";

    private readonly Lock gate = new();
    private readonly Dictionary<string, PostcodeState> postcodes = new(StringComparer.Ordinal);

    // Every incomplete tick, oldest first: a newer tick or the cap drops from its front, never scanning every postcode.
    private readonly SortedSet<(DateTimeOffset Tick, string Postcode)> pendingByAge = new(Comparer<(DateTimeOffset Tick, string Postcode)>.Create(
        static (a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : string.CompareOrdinal(a.Postcode, b.Postcode)));
    private DateTimeOffset? newestTick;
    private int heldStations;

    /// <summary>The most station messages held for incomplete ticks (about 33 ticks of the network); past it the oldest tick goes.</summary>
    internal int MaxHeldStations { get; init; } = 50_000;

    internal (int Ticks, int Stations) Held
    {
        get
        {
            lock (gate)
            {
                return (pendingByAge.Count, heldStations);
            }
        }
    }

    /// <summary>The incomplete ticks held, oldest first, with how many of their stations are in.</summary>
    public IReadOnlyList<(string Postcode, DateTimeOffset Tick, int Stations, int Expected)> Incomplete()
    {
        lock (gate)
        {
            return [.. from held in pendingByAge
                       let pending = postcodes[held.Postcode].Pending[held.Tick]
                       select (held.Postcode, held.Tick, pending.Stations.Count, pending.Expected)];
        }
    }

    public TickBatchResult Process(IEnumerable<InboundRecord> records) => Run(records.Select(record =>
        record.Refusal is { } refusal ? (record.Origin, null, refusal)
        : StationRecordReader.TryRead(record.Utf8, out var message, out var reason) ? (record.Origin, message, (string?)null) : (record.Origin, (StationMessage?)null, reason)));

    internal TickBatchResult Process(IEnumerable<StationMessage> messages) => Run(messages.Select(m => ("message", (StationMessage?)m, (string?)null)));

    private TickBatchResult Run(IEnumerable<(string Origin, StationMessage? Message, string? Reason)> records)
    {
        var batch = new Batch();
        foreach (var (origin, message, reason) in records)
        {
            // The clock is read as records arrive, not before: velib aggregate's next batch may come minutes later, and
            // a total is stamped when the record that completes it is in.
            var now = timeProvider.GetUtcNow();
            batch.ComputedAt ??= now;
            batch.Records++;

            var rejection = message is null ? reason
                : message.Tick > now + MaxTickAhead ? string.Create(CultureInfo.InvariantCulture, $"station {message.StationCode}: tick {UtcTimestampConverter.ToText(message.Tick)} is more than {MaxTickAhead.TotalMinutes:0} minutes after this consumer's clock, {UtcTimestampConverter.ToText(now)}")
                : message.Tick < FeedTick.Earliest ? $"station {message.StationCode}: tick {UtcTimestampConverter.ToText(message.Tick)} is before {FeedTick.Earliest.Year}, which no producer publishes"
                : null;
            if (rejection is not null)
            {
                batch.Reject(origin, rejection);
            }
            else if (message!.Postcode is null)
            {
                batch.Unresolve(message);
            }
            else
            {
                lock (gate)
                {
                    Accept(message, message.Postcode, batch, now);
                }
            }
        }

        // One line per reason: a wrong input (totals fed back, a feed document) is one line, not one per record.
        foreach (var (reason, (count, origins)) in batch.Rejections)
        {
            if (count == 1)
            {
                LogRejected(origins[0], reason);
            }
            else
            {
                LogRejectedMany(count, string.Join("; ", origins) + (count > origins.Count ? $" and {count - origins.Count} more" : ""), reason);
            }
        }

        if (batch.Dropped > MaxDropsNamed)
        {
            LogDroppedMore(batch.Dropped - MaxDropsNamed);
        }

        batch.Published.Sort(static (a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : string.CompareOrdinal(a.Postcode, b.Postcode));
        var result = new TickBatchResult(batch.Published, batch.Rejected, batch.RejectedCount, batch.UnresolvedCount, Held.Ticks, batch.Dropped, batch.Late,
            batch.ComputedAt ?? timeProvider.GetUtcNow());
        LogBatch(batch.Records, result.Summary);
        return result;
    }

    private void Accept(StationMessage message, string postcode, Batch batch, DateTimeOffset now)
    {
        var tick = message.Tick;
        if (newestTick is null || tick > newestTick)
        {
            newestTick = tick;
            var reason = $"more than {TickHorizon.TotalMinutes:0} minutes before the newest tick, {UtcTimestampConverter.ToText(tick)}";
            while (pendingByAge.Count > 0 && pendingByAge.Min.Tick < tick - TickHorizon)
            {
                Drop(pendingByAge.Min.Postcode, pendingByAge.Min.Tick, batch, reason);
            }
        }

        // A published tick is looked at before the horizon: a batch retried in place, in a backlog, holds a postcode's
        // newest published tick more than the horizon behind a newer tick of another postcode, and must put it back.
        var state = postcodes.GetValueOrDefault(postcode);
        if (state?.LastPublished is { } last && last.Tick == tick)
        {
            // Producers that keep different stations make one tick's counts disagree: the first complete count wins.
            if (message.StationsInPostcode != last.StationCount && batch.Disagreeing.Add(postcode))
            {
                LogDisagreement(postcode, UtcTimestampConverter.ToText(tick), last.StationCount, message.StationCode, message.StationsInPostcode);
            }

            // A redelivery of the newest published tick republishes it, identical, once per batch: a batch retried after
            // its output was lost puts it back. Older ticks are never published again.
            if (batch.PublishedPostcodes.Add(postcode))
            {
                batch.Published.Add(last);
            }
        }

        if (state?.LastPublished?.Tick >= tick || tick < newestTick - TickHorizon)
        {
            batch.Late++;
            return;
        }

        state ??= postcodes[postcode] = new PostcodeState();
        if (!state.Pending.TryGetValue(tick, out var group))
        {
            state.Pending[tick] = group = new PendingTick();
            pendingByAge.Add((tick, postcode));
        }

        if (group.Stations.TryAdd(message.StationCode, message))
        {
            heldStations++;
        }
        else if ((message.LastReported ?? DateTimeOffset.MinValue) >= (group.Stations[message.StationCode].LastReported ?? DateTimeOffset.MinValue))
        {
            group.Stations[message.StationCode] = message;
        }

        group.Expected = Math.Max(group.Expected, message.StationsInPostcode);
        if (group.Stations.Count >= group.Expected)
        {
            state.LastPublished = Sum(tick, postcode, group.Stations.Values, now);
            batch.Published.Add(state.LastPublished);
            batch.PublishedPostcodes.Add(postcode);
            Remove(postcode, tick);
            while (state.Pending.Count > 0 && state.Pending.Keys[0] < tick)
            {
                Drop(postcode, state.Pending.Keys[0], batch, $"tick {UtcTimestampConverter.ToText(tick)} was published");
            }
        }

        while (heldStations > MaxHeldStations)
        {
            Drop(pendingByAge.Min.Postcode, pendingByAge.Min.Tick, batch, $"over the cap of {MaxHeldStations} held station messages");
        }
    }

    // The city is that of the lowest code that has one.
    private static PostcodeTotals Sum(DateTimeOffset tick, string postcode, IEnumerable<StationMessage> stations, DateTimeOffset computedAt)
    {
        var group = stations.OrderBy(s => s.StationCode, StringComparer.Ordinal).ToList();
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
            StationsExpected = group.Count,
            Complete = true,
            StationCodes = [.. group.Select(s => s.StationCode)],
            AsOf = group.Max(s => s.LastReported),
            Tick = tick,
            ComputedAt = computedAt,
            Quality = [.. group.SelectMany(s => s.Quality).Distinct().Order(StringComparer.Ordinal)],
        };
    }

    private void Drop(string postcode, DateTimeOffset tick, Batch batch, string reason)
    {
        var group = Remove(postcode, tick);
        if (++batch.Dropped <= MaxDropsNamed)
        {
            LogDropped(postcode, UtcTimestampConverter.ToText(tick), group.Stations.Count, group.Expected, reason);
        }
    }

    private PendingTick Remove(string postcode, DateTimeOffset tick)
    {
        postcodes[postcode].Pending.Remove(tick, out var group);
        pendingByAge.Remove((tick, postcode));
        heldStations -= group!.Stations.Count;
        return group;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Postcode {Postcode}: incomplete tick {Tick} dropped, {Held} of {Expected} stations in: {Reason}")]
    private partial void LogDropped(string postcode, string tick, int held, int expected, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} more incomplete ticks dropped in this batch, not named")]
    private partial void LogDroppedMore(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Postcode {Postcode}: tick {Tick} was published with {Published} station(s), but station {StationCode} counts {Counted}: do two producers keep different stations?")]
    private partial void LogDisagreement(string postcode, string tick, int published, string stationCode, int counted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record at {Origin} rejected: {Reason}")]
    private partial void LogRejected(string origin, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} records rejected, at {Origins}: {Reason}")]
    private partial void LogRejectedMany(int count, string origins, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Records} records: {Summary}")]
    private partial void LogBatch(int records, string summary);

    // A postcode's newest published total (records of its tick or older are late) and its incomplete ticks, oldest first.
    private sealed class PostcodeState
    {
        public PostcodeTotals? LastPublished;
        public readonly SortedList<DateTimeOffset, PendingTick> Pending = [];
    }

    private sealed class PendingTick
    {
        public readonly Dictionary<string, StationMessage> Stations = new(StringComparer.Ordinal);
        public int Expected;
    }

    private sealed class Batch
    {
        public DateTimeOffset? ComputedAt;
        public readonly List<PostcodeTotals> Published = [];
        public readonly HashSet<string> PublishedPostcodes = new(StringComparer.Ordinal);
        public readonly HashSet<string> Disagreeing = new(StringComparer.Ordinal);
        public readonly List<RejectedRecord> Rejected = [];
        public readonly OrderedDictionary<string, (int Count, List<string> Origins)> Rejections = new(StringComparer.Ordinal);
        public readonly HashSet<(DateTimeOffset Tick, string StationCode)> Unresolved = [];
        public int Records, Dropped, Late, RejectedCount, UnresolvedCount;

        // A station is counted once per tick; past the cap, once per record: memory stays bounded, the count may then overstate.
        public void Unresolve(StationMessage message)
        {
            if (Unresolved.Count >= MaxUnresolvedKept || Unresolved.Add((message.Tick, message.StationCode)))
            {
                UnresolvedCount++;
            }
        }

        // Kept bounded, whatever the batch holds (velib aggregate's batches have no size limit): the first records, and
        // per reason a count and the first ten origins; past MaxRejectionReasons, further reasons are counted as one.
        public void Reject(string origin, string reason)
        {
            RejectedCount++;
            if (Rejected.Count < MaxListedRejections)
            {
                Rejected.Add(new RejectedRecord(origin, reason));
            }

            var key = Rejections.Count < MaxRejectionReasons || Rejections.ContainsKey(reason) ? reason : OtherReasons;
            var (count, origins) = Rejections.TryGetValue(key, out var group) ? group : (0, []);
            if (origins.Count < 10)
            {
                origins.Add(origin);
            }

            Rejections[key] = (count + 1, origins);
        }
    }
}

/// <param name="Late">Records not taken in: their tick was already published for their postcode, or is past the horizon.</param>
/// <param name="Rejected">The first 1,000 records rejected (<see cref="TickAssembly.MaxListedRejections"/>); <paramref name="RejectedCount"/> counts them all.</param>
public sealed record TickBatchResult(
    IReadOnlyList<PostcodeTotals> Published,
    IReadOnlyList<RejectedRecord> Rejected,
    int RejectedCount,
    int Unresolved,
    int Held,
    int Dropped,
    int Late,
    DateTimeOffset ComputedAt)
{
    /// <summary>What the consumer publishes: one envelope per total, keyed by its postcode and stamped with <see cref="ComputedAt"/>.</summary>
    public string[] ToEnvelopes(string topic) => [.. Published.Select(totals => KafkaRecords.ToEnvelope(totals, topic, ComputedAt))];

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Published.Count} postcode totals published, {Held} held incomplete, {Dropped} dropped, {Late} late records ignored, {RejectedCount} records rejected, {Unresolved} stations without postcode");
}

/// <summary>A record to aggregate (a station message, or an envelope holding one) and where it came from: <c>partition 2, offset 1187</c>, <c>line 7</c>.</summary>
public readonly record struct InboundRecord(ReadOnlyMemory<byte> Utf8, string Origin)
{
    /// <summary>Why the record was refused before it could be read (a line over the limit, skipped unread), if it was.</summary>
    public string? Refusal { get; init; }

    public static InboundRecord Refused(string origin, string reason) => new(ReadOnlyMemory<byte>.Empty, origin) { Refusal = reason };

    public static InboundRecord FromText(string text, string origin) => new(Encoding.UTF8.GetBytes(text), origin);

    public static InboundRecord FromKafka(byte[]? value, int partition, long offset) =>
        new(value ?? [], string.Create(CultureInfo.InvariantCulture, $"partition {partition}, offset {offset}"));
}

public sealed record RejectedRecord(string Origin, string Reason);
