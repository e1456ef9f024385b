using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Velib.Cli.Output;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Messages;
using Velib.Core.Snapshots;

namespace Velib.Cli.Commands;

/// <summary>
/// <c>velib run</c>: the whole pipeline in one process: the snapshot's messages go through the same keyed Kafka
/// envelopes the functions exchange, then through the aggregator; prints the postcode totals.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext cli, TimeProvider time)
    {
        var feed = new FeedOptions();
        var command = new Command("run", "Snapshot and aggregate in one process; print the postcode totals (JSON Lines). With no option: the live feed, stations 16107 and 32017");
        feed.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = PipelineServices.Build(cli, feed.ToSettings(parse), out var log);
            var snapshots = services.GetRequiredService<SnapshotService>();
            var maxRecordBytes = services.GetRequiredService<IOptions<VelibOptions>>().Value.MaxRecordBytes;
            var feeds = await snapshots.FetchAsync(cancellationToken).ConfigureAwait(false);

            Snapshot? snapshot = null;
            var result = await PassTimer.RepeatAsync(
                parse.GetValue(feed.Repeat),
                async () =>
                {
                    snapshot = await snapshots.BuildAsync(feeds, cancellationToken).ConfigureAwait(false);
                    var records = snapshot.Messages.Select((message, i) => InboundRecord.FromText(
                        KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, snapshot.Tick), $"message {i + 1}"));
                    return PostcodeAggregator.AggregateRecords(records, maxRecordBytes, time.GetUtcNow());
                },
                log,
                cli).ConfigureAwait(false);

            cli.Info(snapshot!.Summary);
            AggregateCommand.Report(cli, result);
            JsonLines.Write(cli.Stdout, result.Totals);
            return ExitCodes.Success;
        });
        return command;
    }
}
