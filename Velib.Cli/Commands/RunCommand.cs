using System.CommandLine;
using Velib.Cli.Output;

namespace Velib.Cli.Commands;

/// <summary><c>velib run</c>: the whole pipeline in one process (<see cref="PipelinePass"/>); prints the postcode totals.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext cli)
    {
        var feed = new FeedOptions();
        var command = new Command("run", "Snapshot and aggregate in one process; print the postcode totals (JSON Lines). With no option: the live feed, stations 16107 and 32017");
        feed.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = PipelineServices.Build(cli, feed.ToSettings(parse.CommandResult), out var log);
            var pass = await PipelinePass.RunAsync(services, parse.GetValue(feed.Repeat), log, cli, cancellationToken).ConfigureAwait(false);
            pass.Summarize(cli);
            cli.Print(stdout => JsonLines.Write(stdout, pass.Totals.Published));
            return ExitCodes.Success;
        });
        return command;
    }
}
