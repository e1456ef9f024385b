using Microsoft.Extensions.DependencyInjection;
using Velib.Core.Messages;
using Velib.Core.Snapshots;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>Station messages built by the real pipeline from the recorded pair, to feed the aggregation tests.</summary>
public static class RealMessages
{
    /// <summary>75016: 16107, 16108, 16118; 75011: 11031; 93200: 32017; not in the postcode table: 40001, 11025.</summary>
    public const string Codes = "16107,16108,16118,11031,32017,40001,11025";

    private static readonly Lazy<Snapshot> Recorded = new(() => Take(Codes));

    /// <summary>The snapshot of <see cref="Codes"/> (geocoder off), as of the recorded publication time.</summary>
    public static Snapshot Snapshot => Recorded.Value;

    public static StationMessage Of(string code) => Snapshot.Messages.Single(m => m.StationCode == code);

    public static Snapshot Take(string codes)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = codes;
        using var services = Pipeline.Build(settings, new FixedTime(Fixture.StatusPublishedAt));
        return services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public static string Envelope(StationMessage message) => KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, message.Tick);
}
