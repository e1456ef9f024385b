using System.CommandLine.Parsing;
using Velib.Core.Feeds;

namespace Velib.Cli.Commands;

/// <summary>aggregate's <c>--input</c> reads a local file or stdin only: a URL given there is a usage error, not a missing file.</summary>
internal static class InputPath
{
    public static void RefuseUrl(OptionResult result)
    {
        if (result.GetValueOrDefault<string?>() is { } path && FeedLocation.NamedUrl(path) is { } url)
        {
            result.AddError($"{result.Option.Name}: {url}: a URL, not a local file path (or - for standard input)");
        }
    }
}
