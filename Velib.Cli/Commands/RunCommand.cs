using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Velib.Cli.Output;
using Velib.Core.Aggregation;
using Velib.Core.Consumer;
using Velib.Core.Messages;
using Velib.Core.Snapshots;

namespace Velib.Cli.Commands;

/// <summary>
/// <c>velib run</c>: the whole pipeline in one process: the snapshot's messages go through the same keyed Kafka
/// envelopes the producer publishes, then as one batch through a fresh tick assembly (the consumer's aggregation);
/// prints the postcode totals.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext cli)
    {
        var feed = new FeedOptions();
        var command = new Command("run", "Snapshot and aggregate in one process; print the postcode totals (JSON Lines). With no option: the live feed, stations 16107 and 32017");
        feed.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = PipelineServices.Build(cli, feed.ToSettings(parse), out var log);
            var snapshots = services.GetRequiredService<SnapshotService>();
            var feeds = await snapshots.FetchAsync(cancellationToken).ConfigureAwait(false);

            Snapshot? snapshot = null;
            var report = await PassTimer.RepeatAsync(
                parse.GetValue(feed.Repeat),
                async () =>
                {
                    snapshot = await snapshots.BuildAsync(feeds, cancellationToken).ConfigureAwait(false);
                    var records = KafkaRecords.ToEnvelopes(snapshot, KafkaTopics.Stations).Select((envelope, i) => InboundRecord.FromText(envelope, $"message {i + 1}"));

                    // A fresh assembly each pass: run is one batch, as if into a worker that just started.
                    var consumer = ActivatorUtilities.CreateInstance<TotalsConsumer>(services, ActivatorUtilities.CreateInstance<TickAssembly>(services));
                    return consumer.Consume(records);
                },
                log,
                cli,
                cancellationToken).ConfigureAwait(false);

            cli.Info(snapshot!.Summary);
            cli.Info(report.Summary);
            cli.Print(stdout => JsonLines.Write(stdout, report.Published));
            return ExitCodes.Success;
        });
        return command;
    }
}
