using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Options;
using Velib.Cli.Commands;
using Velib.Cli.Output;
using Velib.Cli.Settings;
using Velib.Core.Feeds;

namespace Velib.Cli;

/// <summary>
/// The <c>velib</c> command line: <c>snapshot</c>, <c>aggregate</c>, <c>run</c>, <c>map</c>. Exit codes: 0 success, 1 data or
/// network error, 2 usage error, 141 stdout closed (<see cref="ExitCodes"/>; 130 and 143 come from
/// <see cref="Interruption"/>); every failure is one line on stderr, never a stack trace.
/// </summary>
internal static class VelibCli
{
    /// <summary>The README's command on the recorded feed, for the command that could not reach the live one.</summary>
    // The recorded pair's paths resolve from the repository's root only: elsewhere (a downloaded velib) they are named.
    internal static string RecordedFeedCommand(string command, bool inRepository) => inRepository
        ? $"dotnet run --project Velib.Cli -- {command} --status Velib.Tests/Fixtures/2025-10-18/station_status.json --information Velib.Tests/Fixtures/2025-10-18/station_information.json --geocoder off"
        : $"velib {command} --status station_status.json --information station_information.json --geocoder off, with a pair saved earlier (the repository has one in Velib.Tests/Fixtures/2025-10-18)";

    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("velib: the Vélib' Métropole pipeline (snapshot → Kafka messages → totals per postcode) in one process")
        {
            SnapshotCommand.Create(cli),
            AggregateCommand.Create(cli),
            RunCommand.Create(cli),
            MapCommand.Create(cli),
        };

        // The library wraps help to the terminal's width, and narrower than 6 columns (stty cols 2) it looped or threw.
        if (root.Options.OfType<HelpOption>().FirstOrDefault()?.Action is HelpAction help)
        {
            help.MaxWidth = Math.Max(help.MaxWidth, 40);
        }

        // No response files: a value starting with '@' is a path as written, not a file of more arguments to read.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 || RepeatedOptions(parse).Any())
        {
            // A word where the command goes is named as such, not also as "Required command was not provided".
            var errors = parse.CommandResult.Command == root && parse.UnmatchedTokens is [var word, ..] && !word.StartsWith('-')
                ? [$"'{word}' is not a command ({string.Join(", ", root.Subcommands.SkipLast(1).Select(c => c.Name))} or {root.Subcommands[^1].Name})"]
                : Errors(parse);

            // With the settings of the environment too: every bad value in one run.
            foreach (var problem in errors.Concat(SettingsCheck.Problems(SettingSources.FromEnvironment(cli.Environment))))
            {
                cli.Error(problem);
            }

            cli.Error("try 'velib --help'");
            return ExitCodes.UsageError;
        }

        try
        {
            // Signals are Interruption's alone: the library's own handler (off in 2.0.0, on by default after it) would run first.
            var invocation = new InvocationConfiguration { Output = cli.Stdout, Error = cli.Stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: the one line and the exit code are Interruption's.
            return ExitCodes.Interrupted;
        }
        catch (OutputClosedException)
        {
            // Nobody reads the results any more: stop, quietly.
            return ExitCodes.OutputClosed;
        }
        catch (UsageException ex)
        {
            foreach (var problem in ex.Problems)
            {
                cli.Error(problem);
            }

            return ExitCodes.UsageError;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                cli.Error(failure);
            }

            return ExitCodes.UsageError;
        }
        catch (FeedUnreachableException ex)
        {
            cli.Error($"{ex.Message}; offline? run on the recorded feed: {RecordedFeedCommand(parse.CommandResult.Command.Name, File.Exists("Velib.Tests/Fixtures/2025-10-18/station_status.json"))}");
            return ExitCodes.DataError;
        }
        catch (OperationCanceledException)
        {
            cli.Error("cancelled");
            return ExitCodes.DataError;
        }
        catch (Exception ex) when (ex is FeedException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            cli.Error(ex.Message);
            return ExitCodes.DataError;
        }
    }

    /// <summary>The parse's errors, an option given more than once named once as such, in place of its own errors.</summary>
    private static IEnumerable<string> Errors(ParseResult parse)
    {
        var repeated = RepeatedOptions(parse).ToList();
        var foreign = UnknownOptions.Replacements(parse);
        return parse.Errors
            .Select(e => repeated.Find(o => o == e.SymbolResult || o == e.SymbolResult?.Parent) is { } option ? GivenTwice(option)
                : foreign.TryGetValue(e.Message, out var replacement) ? replacement
                : e.Message)
            .OfType<string>()
            .Concat(repeated.Select(GivenTwice))
            .Distinct();
    }

    /// <summary>
    /// The options of the command given more than once, counted by their names on the command line: the parser's own
    /// check counts values, so that a second <c>--stations</c> without one would pass. A flag (<c>--help</c>) takes no value to repeat.
    /// </summary>
    private static IEnumerable<OptionResult> RepeatedOptions(ParseResult parse) =>
        parse.CommandResult.Children.OfType<OptionResult>().Where(o => o.IdentifierTokenCount > 1 && o.Option.Arity.MaximumNumberOfValues > 0);

    private static string GivenTwice(OptionResult option) =>
        $"{option.IdentifierToken?.Value ?? option.Option.Name}: given {option.IdentifierTokenCount} times (at most once)";
}
