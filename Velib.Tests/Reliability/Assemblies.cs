using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>Tick assemblies for tests, with a fixed <c>computedAt</c>, and the one-batch truth to compare them with.</summary>
public static class Assemblies
{
    public static readonly DateTimeOffset ComputedAt = Fixture.StatusPublishedAt.AddSeconds(5);

    public static TickAssembly New(RecordingLogs? logs = null, TimeSpan? horizon = null, int? maxHeldStations = null, DateTimeOffset? now = null)
    {
        var clock = new ManualClock(now ?? ComputedAt);
        var options = new VelibOptions();
        options.TickHorizon = horizon ?? options.TickHorizon;
        options.MaxHeldStations = maxHeldStations ?? options.MaxHeldStations;
        if (logs is null)
        {
            return new TickAssembly(Options.Create(options), clock, NullLogger<TickAssembly>.Instance);
        }

        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        return new TickAssembly(Options.Create(options), clock, factory.CreateLogger<TickAssembly>());
    }

    /// <summary>Records as the trigger hands them over: envelopes, with their place as origin.</summary>
    public static List<InboundRecord> Records(IEnumerable<StationMessage> messages) =>
        [.. messages.Select((m, i) => InboundRecord.FromText(RealMessages.Envelope(m), $"offset {i}"))];

    /// <summary>The one-batch aggregation of whole ticks, as published JSON by (tick, postcode): what every published total must equal.</summary>
    public static Dictionary<(DateTimeOffset Tick, string Postcode), string> Truth(IEnumerable<StationMessage> wholeTicks) =>
        OneBatchAggregator.Aggregate(wholeTicks, ComputedAt).Totals.ToDictionary(t => (t.Tick, t.Postcode), KafkaRecords.ToJson);
}
