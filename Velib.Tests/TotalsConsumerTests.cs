using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Velib.Core.Aggregation;
using Velib.Core.Consumer;
using Velib.Core.Messages;
using Velib.Tests.Reliability;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The consumer's batch as the function runs it, wired by <c>AddVelibCore</c>: envelopes out, one log line per batch.</summary>
public class TotalsConsumerTests
{
    [Fact]
    public void The_worker_has_one_tick_assembly_whose_state_outlives_a_batch()
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings());

        Assert.Same(services.GetRequiredService<TickAssembly>(), services.GetRequiredService<TickAssembly>());
        StationMessage[] half = [RealMessages.Of("16107"), RealMessages.Of("16108")]; // two of the three stations of 75016
        var consumer = services.GetRequiredService<TotalsConsumer>();
        var first = consumer.Consume(Assemblies.Records(half));
        Assert.Equal(2, services.GetRequiredService<TickAssembly>().Held.Stations);

        // The next batch brings the third station: the worker's next invocation completes the tick.
        var envelopes = consumer.ConsumeToEnvelopes(Assemblies.Records(RealMessages.Snapshot.Messages.Where(m => m.Postcode == "75016" && !half.Contains(m))), KafkaTopics.PostcodeTotals);
        Assert.Empty(first.Published);
        var envelope = JsonNode.Parse(Assert.Single(envelopes!))!;
        Assert.Equal("75016", (string?)envelope["Key"]);
        var totals = JsonNode.Parse((string)envelope["Value"]!)!;
        Assert.Equal((3, 3), ((int)totals["stationCount"]!, (int)totals["stationsExpected"]!));
        Assert.Equal(0, services.GetRequiredService<TickAssembly>().Held.Stations);
    }

    [Fact]
    public void A_batch_gives_keyed_envelopes_of_complete_totals_and_one_log_line()
    {
        var logs = new RecordingLogs();
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new ManualClock(Assemblies.ComputedAt), logs);
        var consumer = services.GetRequiredService<TotalsConsumer>();
        var records = Assemblies.Records(RealMessages.Snapshot.Messages);
        records.Add(InboundRecord.FromText("{broken", "partition 2, offset 1187"));

        var envelopes = consumer.ConsumeToEnvelopes(records, "totals-topic");

        Assert.NotNull(envelopes);
        var parsed = envelopes.Select(e => JsonNode.Parse(e)!).ToList();
        Assert.Equal(["75011", "75016", "93200"], parsed.Select(e => (string?)e["Key"]));
        Assert.All(parsed, e => Assert.Equal("totals-topic", (string?)e["Topic"]));
        Assert.Equal([8, 33, 9], parsed.Select(e => (int)JsonNode.Parse((string)e["Value"]!)!["totalBikes"]!));
        Assert.All(parsed, e => Assert.True((bool)JsonNode.Parse((string)e["Value"]!)!["complete"]!));
        Assert.Contains(logs.Warnings, w => w.StartsWith("Record at partition 2, offset 1187 rejected: not JSON", StringComparison.Ordinal));
        Assert.Contains("Station 40001 has no postcode: not summed into any total", logs.Warnings);
        Assert.Equal(
            "Batch of 8 records: 3 postcode totals published, 0 held incomplete, 0 dropped, 0 late records ignored, 1 rejected, 2 stations without postcode",
            Assert.Single(logs.Entries, e => e.Level == LogLevel.Information && e.Text.StartsWith("Batch", StringComparison.Ordinal)).Text);
    }

    [Fact]
    public void A_batch_that_completes_nothing_gives_null_so_the_binding_writes_nothing()
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings());
        var consumer = services.GetRequiredService<TotalsConsumer>();

        Assert.Null(consumer.ConsumeToEnvelopes(Assemblies.Records([RealMessages.Of("16107"), RealMessages.Of("16108")]), KafkaTopics.PostcodeTotals));
        Assert.Null(consumer.ConsumeToEnvelopes([], KafkaTopics.PostcodeTotals));
    }
}
