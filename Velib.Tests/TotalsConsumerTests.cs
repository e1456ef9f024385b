using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Reliability;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The consumer's batch as the function runs it, wired by <c>AddVelibCore</c>: one assembly per process, one log line per batch.</summary>
public class TotalsConsumerTests
{
    [Fact]
    public void The_worker_has_one_tick_assembly_whose_state_outlives_a_batch()
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new FakeTimeProvider(Assemblies.ComputedAt));

        var assembly = services.GetRequiredService<TickAssembly>();
        Assert.Same(assembly, services.GetRequiredService<TickAssembly>());
        StationMessage[] half = [RealMessages.Of("16107"), RealMessages.Of("16108")]; // two of the three stations of 75016
        var first = assembly.Process(Assemblies.Records(half));
        Assert.Equal(1, first.Held);

        // The next batch brings the third station: the worker's next invocation completes the tick.
        var second = services.GetRequiredService<TickAssembly>().Process(Assemblies.Records(RealMessages.Snapshot.Messages.Where(m => m.Postcode == "75016" && !half.Contains(m))));
        Assert.Empty(first.Published);
        var totals = Assert.Single(second.Published);
        Assert.Equal(("75016", 3, 3), (totals.Postcode, totals.StationCount, totals.StationsExpected));
        Assert.Equal(0, second.Held);
    }

    /// <summary>An offset reset onto a topic of something else (here totals) is a line per reason, not per record.</summary>
    [Theory]
    [InlineData(12, " and 2 more")]
    [InlineData(10, "")]
    public void Records_rejected_for_one_reason_are_one_line_naming_the_first_ten(int count, string more)
    {
        var logs = new FakeLogCollector();
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new FakeTimeProvider(Assemblies.ComputedAt), logs);
        var total = KafkaRecords.ToJson(Assemblies.New().Process(Assemblies.Records(RealMessages.Snapshot.Messages)).Published[0]);
        var records = Enumerable.Range(0, count).Select(i => InboundRecord.FromText(total, $"partition 0, offset {i}")).Append(InboundRecord.FromText("{broken", "partition 1, offset 7"));

        var result = services.GetRequiredService<TickAssembly>().Process(records);

        Assert.Equal(count + 1, result.Rejected.Count);
        var warnings = logs.Warnings();
        Assert.Equal(2, warnings.Count);
        Assert.Equal(
            $"{count} records rejected, at partition 0, offset 0; partition 0, offset 1; partition 0, offset 2; partition 0, offset 3; partition 0, offset 4; partition 0, offset 5; partition 0, offset 6; partition 0, offset 7; partition 0, offset 8; partition 0, offset 9{more}: not a station message: a postcode total (of velib-projet-final-data)",
            warnings[0]);
        Assert.StartsWith("Record at partition 1, offset 7 rejected: not JSON: ", warnings[1], StringComparison.Ordinal);
    }

    /// <summary>
    /// velib aggregate's batches have no size limit: what a batch keeps of its rejected records is bounded (it kept every
    /// one, 1 GB for 4 million bad lines): the first 1,000 listed, and 100 reasons named, the rest counted as one.
    /// </summary>
    [Fact]
    public void What_a_batch_keeps_of_its_rejected_records_is_bounded_however_many_there_are()
    {
        var logs = new FakeLogCollector();
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new FakeTimeProvider(Assemblies.ComputedAt), logs);
        var records = Enumerable.Range(0, 3000).Select(i => InboundRecord.FromText($$"""{"schemaVersion":{{2 + (i % 150)}}}""", $"line {i + 1}")); // 150 reasons, 20 records each

        var result = services.GetRequiredService<TickAssembly>().Process(records);

        Assert.Equal(1000, result.Rejected.Count);
        Assert.Contains(" 3000 records rejected,", result.Summary, StringComparison.Ordinal);
        var warnings = logs.Warnings();
        Assert.Equal(101, warnings.Count);
        Assert.Equal("20 records rejected, at line 1; line 151; line 301; line 451; line 601; line 751; line 901; line 1051; line 1201; line 1351 and 10 more: unknown schema version 2 (this consumer reads 1)", warnings[0]);
        Assert.Equal("1000 records rejected, at line 101; line 102; line 103; line 104; line 105; line 106; line 107; line 108; line 109; line 110 and 990 more: other reasons (a batch's warnings name 100 at most)", warnings[100]);
    }

    [Fact]
    public void A_batch_logs_each_rejected_record_and_one_summary_line_but_no_line_per_unresolved_station()
    {
        var logs = new FakeLogCollector();
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new FakeTimeProvider(Assemblies.ComputedAt), logs);
        var records = Assemblies.Records(RealMessages.Snapshot.Messages);
        records.Add(InboundRecord.FromText("{broken", "partition 2, offset 1187"));

        var result = services.GetRequiredService<TickAssembly>().Process(records);

        Assert.Equal(["75011", "75016", "93200"], result.Published.Select(t => t.Postcode));
        Assert.Equal([8, 33, 9], result.Published.Select(t => t.TotalBikes));
        Assert.All(result.Published, t => Assert.True(t.Complete));
        Assert.StartsWith("Record at partition 2, offset 1187 rejected: not JSON: ", Assert.Single(logs.Warnings()), StringComparison.Ordinal);
        var lines = logs.GetSnapshot();
        Assert.Equal([LogLevel.Warning, LogLevel.Information], lines.Select(r => r.Level)); // nothing else: no line per station
        Assert.Equal(
            "Batch of 8 records: 3 postcode totals published, 0 held incomplete, 0 dropped, 0 late records ignored, 1 records rejected, 2 stations without postcode",
            lines[1].Message);
    }
}
