using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>Tick assemblies for tests, with a fixed <c>computedAt</c>, and the one-batch truth to compare them with.</summary>
public static class Assemblies
{
    public static readonly DateTimeOffset ComputedAt = Fixture.StatusPublishedAt.AddSeconds(5);

    public static TickAssembly New(FakeLogCollector? logs = null, int? maxHeldStations = null, DateTimeOffset? now = null, FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(now ?? ComputedAt);
        using var factory = LoggerFactory.Create(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(new FakeLoggerProvider(logs));
            }
        });
        return new TickAssembly(clock, factory.CreateLogger<TickAssembly>()) { MaxHeldStations = maxHeldStations ?? 50_000 };
    }

    /// <summary>Records as the trigger hands them over: envelopes, with their place as origin.</summary>
    public static List<InboundRecord> Records(IEnumerable<StationMessage> messages) =>
        [.. messages.Select((m, i) => InboundRecord.FromText(RealMessages.Envelope(m), $"offset {i}"))];

    /// <summary>The one-batch aggregation of whole ticks, as published JSON by (tick, postcode): what every published total must equal.</summary>
    public static Dictionary<(DateTimeOffset Tick, string Postcode), string> Truth(IEnumerable<StationMessage> wholeTicks) =>
        OneBatchAggregator.Aggregate(wholeTicks, ComputedAt).Totals.ToDictionary(t => (t.Tick, t.Postcode), KafkaRecords.ToJson);
}
