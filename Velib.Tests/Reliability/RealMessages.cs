using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Messages;
using Velib.Core.Snapshots;
using Velib.Core.Stations;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>Station messages built by the real pipeline from the recorded pair, to feed the aggregation tests.</summary>
public static class RealMessages
{
    /// <summary>75016: 16107, 16108, 16118; 75011: 11031; 93200: 32017; not in the postcode table: 40001, 11025.</summary>
    public const string Codes = "16107,16108,16118,11031,32017,40001,11025";

    private static readonly Lazy<Snapshot> Recorded = new(() => Take(Codes));

    private static readonly Lazy<Snapshot> RecordedAll = new(() => Take("all"));

    private static readonly Lazy<StationMessage[]> PlacedOfAll = new(() => [.. All.Messages.Where(m => m is { Lat: not null, Lon: not null })]);

    private static readonly Lazy<string[]> PostcodesOfAll = new(() => [.. All.Messages.Select(m => m.Postcode).OfType<string>().Distinct().Order(StringComparer.Ordinal)]);

    /// <summary>The snapshot of <see cref="Codes"/> (geocoder off), as of the recorded publication time.</summary>
    public static Snapshot Snapshot => Recorded.Value;

    /// <summary>The snapshot of every station (<c>--stations all</c>, geocoder off): 1,495 messages, 84 without postcode.</summary>
    public static Snapshot All => RecordedAll.Value;

    /// <summary>
    /// For the map's properties: <paramref name="count"/> placed stations of <see cref="All"/>, the nearest to a random
    /// centre (<paramref name="dense"/>) or any, and <paramref name="postcodes"/> of its postcodes to redraw theirs from.
    /// </summary>
    public static (StationMessage Centre, List<StationMessage> Stations, string[] Postcodes) Draw(Random random, int count, bool dense, int postcodes)
    {
        var placed = PlacedOfAll.Value;
        var centre = placed[random.Next(placed.Length)];
        var stations = (dense
                ? placed.OrderBy(s => MapCommandTests.Distance(centre, s)).ThenBy(s => s.StationCode, StringComparer.Ordinal)
                : placed.OrderBy(_ => random.Next()))
            .Take(count).ToList();
        return (centre, stations, [.. PostcodesOfAll.Value.OrderBy(_ => random.Next()).Take(postcodes)]);
    }

    public static StationMessage Of(string code) => Snapshot.Messages.Single(m => m.StationCode == code);

    public static Snapshot Take(string codes)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = codes;
        using var services = Pipeline.Build(settings, new FakeTimeProvider(Fixture.StatusPublishedAt));
        return services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public static string Envelope(StationMessage message) => KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, message.Tick);

    /// <summary>
    /// Tick <paramref name="k"/> of the <c>all</c> snapshot, DERIVED from the one recorded tick (k = 0 is the recorded
    /// one): the tick is <paramref name="k"/> minutes later, and every fifth station (shifted by k) has one more
    /// mechanical bike, reported <paramref name="k"/> minutes later. Stations, postcodes and their counts are the real ones.
    /// </summary>
    public static IReadOnlyList<StationMessage> DerivedTick(int k) =>
        [.. All.Messages.Select((m, i) => (i + k) % 5 != 0 || k == 0
            ? m with { Tick = m.Tick.AddMinutes(k) }
            : m with
            {
                Tick = m.Tick.AddMinutes(k),
                BikesAvailable = Math.Min(m.BikesAvailable + 1, StationMessage.MaxCount),
                Mechanical = Math.Min(m.Mechanical + 1, StationMessage.MaxCount),
                LastReported = m.LastReported?.AddMinutes(k),
            })];
}
