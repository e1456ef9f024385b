using Velib.Core.Messages;

namespace Velib.Tests.Support;

/// <summary>Station messages for aggregation tests, shaped like the producer's.</summary>
public static class Messages
{
    public static readonly DateTimeOffset Tick1 = Fixture.StatusPublishedAt;
    public static readonly DateTimeOffset Tick2 = Fixture.StatusPublishedAt.AddMinutes(1);

    public static StationMessage Station(
        string code,
        string? postcode,
        int mechanical,
        int electric,
        DateTimeOffset? tick = null,
        int lastReportedMinute = 0,
        int stationsInPostcode = 1,
        string? city = "Paris") => new()
        {
            SchemaVersion = StationMessage.CurrentSchemaVersion,
            StationCode = code,
            Postcode = postcode,
            City = city,
            BikesAvailable = mechanical + electric,
            Mechanical = mechanical,
            Electric = electric,
            DocksAvailable = 10,
            IsInstalled = true,
            IsRenting = true,
            IsReturning = true,
            LastReported = Fixture.StatusPublishedAt.AddMinutes(-30 + lastReportedMinute),
            Tick = tick ?? Tick1,
            StationsInPostcode = stationsInPostcode,
            Quality = postcode is null ? ["postcode-unresolved"] : [],
        };
}
