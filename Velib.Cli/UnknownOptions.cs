using System.CommandLine;
using System.CommandLine.Parsing;

namespace Velib.Cli;

/// <summary>
/// An option the command does not take (<c>aggregate --repeat 3</c>, <c>run --Stations 16107</c>, <c>run --bogus 3</c>):
/// one line naming it and what would be, its value not named again as a stray argument.
/// </summary>
internal static class UnknownOptions
{
    /// <summary>The parser's message for each such token, with the line that replaces it (null: the option's value, said with it).</summary>
    public static Dictionary<string, string?> Replacements(ParseResult parse)
    {
        var replacements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var command = parse.CommandResult.Command;
        // After '--' every word is an argument, as the user asked.
        var tokens = parse.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash).Select(t => t.Value).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].StartsWith('-') || tokens[i] == "-" || Message(parse, tokens[i]) is not { } message)
            {
                continue;
            }

            var token = tokens[i].Split('=')[0];
            var own = command.Options.FirstOrDefault(o => string.Equals(o.Name, token, StringComparison.OrdinalIgnoreCase));
            var takers = parse.RootCommandResult.Command.Subcommands.Where(c => c.Options.Any(o => o.Name == token)).Select(c => c.Name).ToList();
            replacements[message] = $"{token}: not an option of {command.Name} (" + (own is not null ? $"options are written in lower case: {own.Name})"
                : takers.Count > 0 ? $"an option of {string.Join(", ", takers.SkipLast(1))}{(takers.Count > 1 ? " and " : "")}{takers[^1]})"
                : $"'{(command is RootCommand ? "velib" : $"velib {command.Name}")} --help' lists its options)");
            var option = own ?? parse.RootCommandResult.Command.Subcommands.SelectMany(c => c.Options).FirstOrDefault(o => o.Name == token);
            if ((option is null || option.Arity.MaximumNumberOfValues > 0) && !tokens[i].Contains('=', StringComparison.Ordinal) && i + 1 < tokens.Count && (tokens[i + 1] == "-" || !tokens[i + 1].StartsWith('-'))
                && Message(parse, tokens[i + 1]) is { } value)
            {
                replacements[value] = null;
                i++;
            }
        }

        return replacements;
    }

    // The parser's "Unrecognized command or argument" error of the token, in whatever words it has.
    private static string? Message(ParseResult parse, string token) =>
        parse.Errors.FirstOrDefault(e => e.SymbolResult is CommandResult && e.Message.Contains($"'{token}'", StringComparison.Ordinal))?.Message;
}
