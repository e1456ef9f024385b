using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Velib.Cli.Output;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Messages;

namespace Velib.Cli.Commands;

/// <summary>
/// <c>velib aggregate</c>: reads station messages (JSON Lines; Kafka envelopes accepted too) and prints one
/// postcode-totals object per line. A bad line is reported on stderr with its number and reason; the rest goes on.
/// </summary>
internal static class AggregateCommand
{
    public static Command Create(CliContext cli, TimeProvider time)
    {
        var input = new Option<string>("--input")
        {
            Description = "Station messages, one JSON object per line, or '-' for standard input",
            HelpName = "PATH|-",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command("aggregate", "Sum station messages per postcode and print the totals (JSON Lines)") { input };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(input)!;
            var records = await ReadLinesAsync(path, cli, cancellationToken).ConfigureAwait(false);
            using var services = PipelineServices.Build(cli, new Dictionary<string, string?>(), out _);
            var maxRecordBytes = services.GetRequiredService<IOptions<VelibOptions>>().Value.MaxRecordBytes;
            var result = PostcodeAggregator.AggregateRecords(records, maxRecordBytes, time.GetUtcNow());
            Report(cli, result);
            JsonLines.Write(cli.Stdout, result.Totals);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Warnings for what was left out, and a one-line summary, on stderr.</summary>
    public static void Report(CliContext cli, AggregationResult result)
    {
        foreach (var rejected in result.Rejected)
        {
            cli.Warning(rejected.ToString());
        }

        foreach (var code in result.UnresolvedStations)
        {
            cli.Warning($"station {code}: postcode unresolved; not summed into any postcode");
        }

        cli.Info(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Totals.Count} postcode totals, {result.Rejected.Count} records rejected, {result.UnresolvedStations.Count} stations without postcode"));
    }

    private static async Task<List<InboundRecord>> ReadLinesAsync(string path, CliContext cli, CancellationToken cancellationToken)
    {
        using var reader = path == "-" ? null : OpenFile(path);
        var source = reader ?? cli.Stdin;
        var records = new List<InboundRecord>();
        var number = 0;
        while (await source.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                records.Add(InboundRecord.FromText(line, string.Create(CultureInfo.InvariantCulture, $"line {number}")));
            }
        }

        return records;
    }

    private static StreamReader OpenFile(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}
