using Microsoft.Extensions.Logging;
using Velib.Core.Aggregation;
using Velib.Core.Messages;

namespace Velib.Core.Consumer;

/// <summary>
/// The consumer's batch, as every host runs it: raw station records in, through the <see cref="TickAssembly"/> it is
/// given (the worker's singleton, or a fresh one for <c>velib run</c>), the complete postcode totals out, with their
/// keyed output-binding envelopes. Logs each rejected record and each station without postcode (warnings) and one
/// line per batch (information).
/// </summary>
public sealed partial class TotalsConsumer(TickAssembly assembly, ILogger<TotalsConsumer> logger)
{
    /// <summary>Runs one batch; the records are read as they are enumerated.</summary>
    public TickBatchReport Consume(IEnumerable<InboundRecord> records)
    {
        var report = assembly.Process(records);
        foreach (var rejected in report.Rejected)
        {
            LogRejected(rejected.Origin, rejected.Reason);
        }

        foreach (var station in report.UnresolvedStations)
        {
            LogUnresolved(station);
        }

        LogBatch(report.Records, report.Published.Count, report.Held, report.Dropped, report.Late, report.Rejected.Count, report.UnresolvedStations.Count);
        return report;
    }

    /// <summary>
    /// Runs one batch and returns the output-binding strings of the totals it published on <paramref name="topic"/>,
    /// or null when it published none (a function returning null writes nothing to its output binding).
    /// </summary>
    public string[]? ConsumeToEnvelopes(IEnumerable<InboundRecord> records, string topic)
    {
        var report = Consume(records);
        return report.Published.Count == 0 ? null : [.. report.Published.Select(totals => KafkaRecords.ToEnvelope(totals, topic, report.ComputedAt))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record at {Origin} rejected: {Reason}")]
    private partial void LogRejected(string origin, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {StationCode} has no postcode: not summed into any total")]
    private partial void LogUnresolved(string stationCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Records} records: {Published} postcode totals published, {Held} held incomplete, {Dropped} dropped, {Late} late records ignored, {Rejected} rejected, {Unresolved} stations without postcode")]
    private partial void LogBatch(int records, int published, int held, int dropped, int late, int rejected, int unresolved);
}
