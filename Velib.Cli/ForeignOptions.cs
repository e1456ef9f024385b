using System.CommandLine;
using System.CommandLine.Parsing;

namespace Velib.Cli;

/// <summary>
/// An option the command does not take but another command, or the command in another case, does (<c>aggregate --repeat 3</c>,
/// <c>run --Stations 16107</c>): one line naming it and where it belongs, its value not named again as an argument.
/// </summary>
internal static class ForeignOptions
{
    /// <summary>The parser's message for each such token, with the line that replaces it (null: the option's value, said with it).</summary>
    public static Dictionary<string, string?> Replacements(ParseResult parse)
    {
        var replacements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var command = parse.CommandResult.Command;
        var commands = parse.RootCommandResult.Command.Subcommands;
        var unmatched = parse.UnmatchedTokens;
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            var own = command.Options.FirstOrDefault(o => string.Equals(o.Name, token, StringComparison.OrdinalIgnoreCase) && o.Name != token);
            var takers = commands.Where(c => c != command && c.Options.Any(o => o.Name == token)).ToList();
            // The command's own option unmatched is one written after '--', an argument as the user asked.
            if (!token.StartsWith("--", StringComparison.Ordinal) || command.Options.Any(o => o.Name == token) || (own is null && takers.Count == 0)
                || Message(parse, token) is not { } message)
            {
                continue;
            }

            replacements[message] = own is not null
                ? $"{token}: not an option of {command.Name} (options are written in lower case: {own.Name})"
                : $"{token}: not an option of {command.Name} (an option of {string.Join(", ", takers.SkipLast(1).Select(c => c.Name))}{(takers.Count > 1 ? " and " : "")}{takers[^1].Name})";
            var option = own ?? takers[0].Options.First(o => o.Name == token);
            if (option.Arity.MaximumNumberOfValues > 0 && i + 1 < unmatched.Count && (unmatched[i + 1] == "-" || !unmatched[i + 1].StartsWith('-')) && Follows(parse, token, unmatched[i + 1])
                && Message(parse, unmatched[i + 1]) is { } value)
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

    private static bool Follows(ParseResult parse, string token, string next)
    {
        var tokens = parse.Tokens;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Value == token && tokens[i + 1].Value == next)
            {
                return true;
            }
        }

        return false;
    }
}
