using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Velib.Cli.Input;
using Velib.Cli.Output;
using Velib.Core.Aggregation;
using Velib.Core.Messages;

namespace Velib.Cli.Commands;

/// <summary>
/// <c>velib aggregate</c>: reads station messages (JSON Lines; Kafka envelopes accepted too) in batches, an empty line
/// ending a batch, and runs them in order through the consumer's tick assembly, its state carried from batch to
/// batch as in one warm worker. For each input batch it prints the totals that batch published, one JSON object per
/// line (possibly none), then one empty line. It streams through a buffer of fixed size (<see cref="RecordLineReader"/>):
/// a line over the record limit is skipped and reported with its number; a bad line is reported with its number and
/// reason; the rest goes on.
/// </summary>
internal static class AggregateCommand
{
    private const int MaxIncompleteNamed = 100;

    public static Command Create(CliContext cli)
    {
        var input = new Option<string>("--input")
        {
            Description = "Station messages, one JSON object per line, an empty (or blank) line ending a batch; or '-' for standard input",
            HelpName = "PATH|-",
            DefaultValueFactory = _ => "-",
        };
        input.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--input: empty value (expected PATH|-)");
            }
        });
        input.Validators.Add(InputPath.RefuseUrl);
        var command = new Command("aggregate", "Sum station messages per postcode, batch by batch, and print the complete totals of each batch (JSON Lines, an empty line after each batch)") { input };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(input)!;
            using var services = PipelineServices.Build(cli, [], out _);
            // The process's one tick assembly: its state carries from batch to batch, as in one warm worker.
            var assembly = services.GetRequiredService<TickAssembly>();
            const int maxRecordBytes = StationRecordReader.MaxBytes;
            using var file = path == "-" ? null : LocalFile.OpenRead(StandardStreams.NotClosedStdin(path, cli));
            var name = file is null ? "stdin" : path;
            var total = new Tally();
            var lines = new BatchedLines(new RecordLineReader(file ?? cli.Stdin ?? throw new IOException("stdin: Bad file descriptor"), maxRecordBytes, name));
            while (lines.MoreBatches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var report = assembly.Process(lines.NextBatch());
                if (!lines.LastBatchHadLines)
                {
                    break;
                }

                cli.Print(stdout =>
                {
                    JsonLines.Write(stdout, report.Published);
                    stdout.WriteLine();
                });
                total.Add(report);
            }

            // A postcode absent from the output is told apart from one never in the input; past the first hundred (up to
            // 50,000 ticks may be held), the others are counted.
            var incomplete = assembly.Incomplete();
            foreach (var (postcode, tick, stations, expected) in incomplete.Take(MaxIncompleteNamed))
            {
                cli.Warning($"Postcode {postcode}: tick {UtcTimestampConverter.ToText(tick)} still incomplete at the end of the input, {stations} of {expected} stations in: not published");
            }

            if (incomplete.Count > MaxIncompleteNamed)
            {
                cli.Warning($"{incomplete.Count - MaxIncompleteNamed} more ticks still incomplete at the end of the input, not named: not published");
            }

            cli.Info(total.Summary);

            // Nothing aggregated (totals fed back, a feed document, messages all from the future): said once, as the input's fault.
            if (lines.Records > 0 && total.Rejected == lines.Records)
            {
                cli.Error($"{name}: every line was rejected ({lines.Records}), nothing aggregated; aggregate reads what 'velib snapshot' prints, one message per line");
                return Task.FromResult(ExitCodes.DataError);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The lines of the input cut into batches at empty (or blank) lines; each line keeps its number for error reports.</summary>
    private sealed class BatchedLines(RecordLineReader reader)
    {
        /// <summary>False once the end of the input has been read.</summary>
        public bool MoreBatches { get; private set; } = true;

        /// <summary>Whether the batch last enumerated had any line, its closing empty line included (the end of input is not a batch).</summary>
        public bool LastBatchHadLines { get; private set; }

        /// <summary>The records read so far, those over the limit included.</summary>
        public long Records { get; private set; }

        /// <summary>The records of the next batch, read as they are enumerated (enumerate once).</summary>
        public IEnumerable<InboundRecord> NextBatch()
        {
            LastBatchHadLines = false;
            while (reader.ReadLine() is { } line)
            {
                LastBatchHadLines = true;
                if (line.IsBlank)
                {
                    yield break;
                }

                Records++;
                var origin = string.Create(CultureInfo.InvariantCulture, $"line {line.Number}");
                yield return line.IsOversize ? InboundRecord.Refused(origin, StationRecordReader.OverLimit(line.OversizeBytes)) : new InboundRecord(line.Bytes.ToArray(), origin);
            }

            MoreBatches = false;
        }
    }

    /// <summary>The counts of every batch, for the closing line on stderr (a station without postcode, once per batch it is in).</summary>
    internal sealed class Tally
    {
        // 64-bit: a stream read for long passes 2^31 records, and a wrapped count would be a wrong summary.
        private long batches, published, dropped, late, unresolved;
        private int held;

        public long Rejected { get; private set; }

        public void Add(TickBatchResult report)
        {
            batches++;
            published += report.Published.Count;
            dropped += report.Dropped;
            late += report.Late;
            Rejected += report.RejectedCount;
            unresolved += report.Unresolved;
            held = report.Held;
        }

        public string Summary => string.Create(
            CultureInfo.InvariantCulture,
            $"{batches} batches: {published} postcode totals published, {held} held incomplete at the end, {dropped} dropped, {late} late records ignored, {Rejected} records rejected, {unresolved} stations without postcode");
    }
}
