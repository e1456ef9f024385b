using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Velib.Cli.Output;
using Velib.Core.Aggregation;
using Velib.Core.Messages;

namespace Velib.Cli.Commands;

/// <summary>
/// <c>velib aggregate</c>: reads station messages (JSON Lines; Kafka envelopes accepted too) in batches, an empty line
/// ending a batch, and runs them in order through the consumer's tick assembly, its state carried from batch to
/// batch as in one warm worker. For each input batch it prints the totals that batch published, one JSON object per
/// line (possibly none), then one empty line. It streams: one line is read at a time. A bad line is reported on
/// stderr with its number and reason; the rest goes on.
/// </summary>
internal static class AggregateCommand
{
    public static Command Create(CliContext cli)
    {
        var input = new Option<string>("--input")
        {
            Description = "Station messages, one JSON object per line, an empty line ending a batch; or '-' for standard input",
            HelpName = "PATH|-",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command("aggregate", "Sum station messages per postcode, batch by batch, and print the complete totals of each batch (JSON Lines, an empty line after each batch)") { input };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(input)!;
            using var services = PipelineServices.Build(cli, new Dictionary<string, string?>(), out _);
            // The process's one tick assembly: its state carries from batch to batch, as in one warm worker.
            var assembly = services.GetRequiredService<TickAssembly>();
            using var reader = path == "-" ? null : OpenFile(path);
            var lines = new BatchedLines(reader ?? cli.Stdin);
            var total = new Tally();
            while (lines.MoreBatches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var report = assembly.Process(lines.NextBatch());
                if (!lines.LastBatchHadLines)
                {
                    break;
                }

                JsonLines.Write(cli.Stdout, report.Published);
                cli.Stdout.WriteLine();
                total.Add(report);
            }

            cli.Info(total.Summary);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
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

    /// <summary>The lines of a reader cut into batches at empty (or blank) lines; each line keeps its number for error reports.</summary>
    private sealed class BatchedLines(TextReader reader)
    {
        private int number;

        /// <summary>False once the end of the input has been read.</summary>
        public bool MoreBatches { get; private set; } = true;

        /// <summary>Whether the batch last enumerated had any line, its closing empty line included (the end of input is not a batch).</summary>
        public bool LastBatchHadLines { get; private set; }

        /// <summary>The records of the next batch, read as they are enumerated (enumerate once).</summary>
        public IEnumerable<InboundRecord> NextBatch()
        {
            LastBatchHadLines = false;
            while (reader.ReadLine() is { } line)
            {
                number++;
                LastBatchHadLines = true;
                if (string.IsNullOrWhiteSpace(line))
                {
                    yield break;
                }

                yield return InboundRecord.FromText(line, string.Create(CultureInfo.InvariantCulture, $"line {number}"));
            }

            MoreBatches = false;
        }
    }

    /// <summary>The counts of every batch, for the closing line on stderr.</summary>
    private sealed class Tally
    {
        private int batches, published, dropped, late, rejected, held;

        public void Add(TickBatchResult report)
        {
            batches++;
            published += report.Published.Count;
            dropped += report.Dropped;
            late += report.Late;
            rejected += report.Rejected.Count;
            held = report.Held;
        }

        public string Summary => string.Create(
            CultureInfo.InvariantCulture,
            $"{batches} batches: {published} postcode totals published, {held} held incomplete at the end, {dropped} dropped, {late} late records ignored, {rejected} records rejected");
    }
}
