using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Velib.Cli.Output;
using Velib.Core.Snapshots;

namespace Velib.Cli.Commands;

/// <summary><c>velib snapshot</c>: prints the station messages the timer function would publish, one JSON object per line.</summary>
internal static class SnapshotCommand
{
    public static Command Create(CliContext cli)
    {
        var feed = new FeedOptions();
        var command = new Command("snapshot", "Print the station messages the timer function would publish (JSON Lines, the values without envelope)");
        feed.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = PipelineServices.Build(cli, feed.ToSettings(parse.CommandResult), out var log);
            var tick = new RepeatedTick(services.GetRequiredService<SnapshotService>());
            var snapshot = await PassTimer.RepeatAsync(parse.GetValue(feed.Repeat), () => tick.TakeAsync(cancellationToken), log, cli, cancellationToken).ConfigureAwait(false);
            cli.Print(stdout => JsonLines.Write(stdout, snapshot.Messages));
            cli.Info(snapshot.Summary);
            return ExitCodes.Success;
        });
        return command;
    }
}
