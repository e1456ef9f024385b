using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Core.Snapshots;
using Velib.Tests.Reliability;
using Velib.Tests.Support;
using static Velib.Tests.Support.Messages;

namespace Velib.Tests;

/// <summary>
/// Per-postcode totals of one batch, as the hosts compute them (a fresh <see cref="TickAssembly"/>
/// taking the batch): equal reports, several ticks, unresolved postcodes, malformed records, determinism. Batches that
/// split, repeat or replay ticks are in TickAssemblyTests and TickAssemblyProperties.
/// </summary>
public class AggregationTests
{
    [Fact]
    public void Stations_of_one_postcode_are_summed()
    {
        var result = Process(Station("16107", "75016", 1, 4, stationsInPostcode: 2), Station("16020", "75016", 3, 0, stationsInPostcode: 2), Station("32017", "93200", 4, 5, city: "Saint-Denis"));

        Assert.Equal(2, result.Published.Count);
        var paris16 = result.Published[0];
        Assert.Equal(("75016", "Paris"), (paris16.Postcode, paris16.City));
        Assert.Equal((8, 4, 4), (paris16.TotalBikes, paris16.MechanicalBikes, paris16.ElectricBikes));
        Assert.Equal((2, 2, true), (paris16.StationCount, paris16.StationsExpected, paris16.Complete));
        Assert.Equal(["16020", "16107"], paris16.StationCodes);
        Assert.Equal(20, paris16.DocksAvailable);
        Assert.Equal(Fixture.StatusPublishedAt.AddMinutes(-30), paris16.AsOf);
        Assert.Equal((Tick1, Assemblies.ComputedAt), (paris16.Tick, paris16.ComputedAt));
        Assert.Equal(("93200", 9, 4, 5), (result.Published[1].Postcode, result.Published[1].TotalBikes, result.Published[1].MechanicalBikes, result.Published[1].ElectricBikes));
    }

    [Fact]
    public void A_postcode_missing_some_of_its_stations_is_held_not_published()
    {
        var result = Process(Station("16107", "75016", 1, 4, stationsInPostcode: 3));

        Assert.Equal((0, 1), (result.Published.Count, result.Held));
    }

    /// <summary>
    /// The producer never writes two readings of a station in one tick: a published tick is not reopened by one (docs/functions.md, "Aggregation rules");
    /// as for any redelivery of the newest tick, its total is put back unchanged.
    /// </summary>
    [Fact]
    public void Once_a_tick_is_published_a_second_reading_of_its_station_is_late_even_if_it_is_newer()
    {
        var assembly = Assemblies.New();

        var first = assembly.Process(Assemblies.Records([Station("16107", "75016", 0, 1, lastReportedMinute: 1)]));
        var second = assembly.Process(Assemblies.Records([Station("16107", "75016", 1, 4, lastReportedMinute: 5)]));

        var published = Assert.Single(first.Published);
        Assert.Equal(1, published.TotalBikes);
        Assert.Same(published, Assert.Single(second.Published));
        Assert.Equal((0, 1), (second.Held, second.Late));
    }

    [Fact]
    public void On_equal_reports_the_later_message_of_the_batch_wins()
    {
        var result = Process(Station("16107", "75016", 1, 4, stationsInPostcode: 2), Station("16107", "75016", 2, 2, stationsInPostcode: 2), Station("16020", "75016", 0, 0, stationsInPostcode: 2));

        Assert.Equal((4, 2, 2), (result.Published[0].TotalBikes, result.Published[0].MechanicalBikes, result.Published[0].ElectricBikes));
    }

    [Fact]
    public void Several_ticks_give_one_result_per_tick_and_postcode_in_order()
    {
        var result = Process(Station("32017", "93200", 3, 5), Station("16107", "75016", 0, 4), Station("32017", "93200", 4, 5, tick: Tick2), Station("16107", "75016", 1, 4, tick: Tick2));

        Assert.Equal(
            [(Tick1, "75016", 4), (Tick1, "93200", 8), (Tick2, "75016", 5), (Tick2, "93200", 9)],
            result.Published.Select(t => (t.Tick, t.Postcode, t.TotalBikes)));
    }

    [Fact]
    public void Stations_without_postcode_are_reported_and_not_summed()
    {
        var result = Process(Station("16107", "75016", 1, 4), Station("40001", null, 7, 7), Station("40002", null, 1, 0));

        Assert.Equal(5, Assert.Single(result.Published).TotalBikes);
        Assert.Equal(2, result.Unresolved);
    }

    [Fact]
    public void Malformed_records_are_rejected_with_their_origin_and_the_rest_is_summed()
    {
        var good = KafkaRecords.ToEnvelope(Station("16107", "75016", 1, 4, stationsInPostcode: 2), KafkaTopics.Stations, Tick1);
        var alsoGood = KafkaRecords.ToJson(Station("16020", "75016", 2, 0, stationsInPostcode: 2));
        InboundRecord[] records =
        [
            InboundRecord.FromText(good, "partition 0, offset 10"),
            InboundRecord.FromText("{not json", "partition 0, offset 11"),
            InboundRecord.FromText("""{"Offset":12,"Partition":0,"Topic":"velib-projet","Timestamp":"2025-10-18T09:09:16Z","Headers":[]}""", "partition 0, offset 12"),
            InboundRecord.FromText(alsoGood, "partition 1, offset 3"),
        ];

        var result = Assemblies.New().Process(records);

        Assert.Equal((7, 2), (result.Published[0].TotalBikes, result.Published[0].StationCount));
        Assert.Equal(2, result.Rejected.Count);
        Assert.Equal("partition 0, offset 11", result.Rejected[0].Origin);
        Assert.StartsWith("not JSON: ", result.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal(new RejectedRecord("partition 0, offset 12", "envelope has no Value"), result.Rejected[1]);
    }

    [Fact]
    public void The_same_input_gives_the_same_output_whatever_the_order_within_a_tick()
    {
        StationMessage[] batch = [Station("32017", "93200", 4, 5), Station("16107", "75016", 1, 4, stationsInPostcode: 2), Station("16020", "75016", 3, 0, lastReportedMinute: 3, stationsInPostcode: 2), Station("40001", null, 1, 1)];

        var first = Process(batch);
        var second = Process([.. batch.Reverse()]);

        Assert.Equal(first.Published.Select(KafkaRecords.ToJson), second.Published.Select(KafkaRecords.ToJson));
        Assert.Equal(first.Unresolved, second.Unresolved);
        Assert.Equal(2, first.Published.Count);
    }

    [Fact]
    public async Task Totals_over_all_postcodes_of_the_real_feed_equal_the_bikes_of_resolved_stations()
    {
        // The whole pipeline in one process on the real feed: `all` stations through envelopes and back.
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = "all";
        await using var services = Pipeline.Build(settings, new FakeTimeProvider(Fixture.StatusPublishedAt));
        var snapshot = await services.GetRequiredService<SnapshotService>().TakeAsync(default);
        var records = snapshot.Messages.Select((m, i) => InboundRecord.FromText(KafkaRecords.ToEnvelope(m, KafkaTopics.Stations, snapshot.Tick), $"#{i}"));

        var result = Assemblies.New().Process(records);

        Assert.Empty(result.Rejected);
        Assert.Equal(17418, result.Published.Sum(t => t.TotalBikes));
        Assert.Equal(1495 - 84, result.Published.Sum(t => t.StationCount));
        Assert.All(result.Published, t => Assert.True(t.Complete));
        Assert.Equal(84, result.Unresolved);
        Assert.Equal(0, result.Held);
    }

    private static TickBatchResult Process(params StationMessage[] messages) => Assemblies.New().Process(Assemblies.Records(messages));
}
