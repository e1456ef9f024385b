using Microsoft.Extensions.DependencyInjection;
using Velib.Cli.Output;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Core.Snapshots;

namespace Velib.Cli;

/// <summary>
/// The whole pipeline in one process, as <c>run</c> and <c>map</c> run it: the snapshot's messages go through the same
/// keyed Kafka envelopes the producer publishes, then as one batch through a fresh tick assembly (the consumer's aggregation).
/// </summary>
internal sealed record PipelinePass(Snapshot Snapshot, TickBatchResult Totals)
{
    /// <summary>Runs the pass <paramref name="repeat"/> times (see <see cref="PassTimer"/>, <see cref="RepeatedTick"/>).</summary>
    public static async Task<PipelinePass> RunAsync(ServiceProvider services, int repeat, TextWriterLoggerProvider log, CliContext cli, CancellationToken cancellationToken) =>
        (await RunAsync(services, repeat, log, cli, _ => 0, cancellationToken).ConfigureAwait(false)).Pass;

    /// <param name="then">What the command makes of each pass, timed with it (the map's areas and page).</param>
    public static async Task<(PipelinePass Pass, T Made)> RunAsync<T>(ServiceProvider services, int repeat, TextWriterLoggerProvider log, CliContext cli, Func<PipelinePass, T> then, CancellationToken cancellationToken)
    {
        var tick = new RepeatedTick(services.GetRequiredService<SnapshotService>());
        var (pass, made) = await PassTimer.RepeatAsync(
            repeat,
            async () =>
            {
                var snapshot = await tick.TakeAsync(cancellationToken).ConfigureAwait(false);
                var records = snapshot.ToEnvelopes(KafkaTopics.Stations).Select((envelope, i) => InboundRecord.FromText(envelope, $"message {i + 1}"));

                // A fresh assembly each pass: one batch, as if into a worker that just started.
                var pass = new PipelinePass(snapshot, ActivatorUtilities.CreateInstance<TickAssembly>(services).Process(records));
                return (pass, then(pass));
            },
            log,
            cli,
            cancellationToken).ConfigureAwait(false);
        return (pass, made);
    }

    /// <summary>Both summaries on stderr, the snapshot's then the totals': a command's warnings come before them.</summary>
    public void Summarize(CliContext cli)
    {
        cli.Info(Snapshot.Summary);
        cli.Info(Totals.Summary);
    }
}
