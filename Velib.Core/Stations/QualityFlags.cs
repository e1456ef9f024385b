namespace Velib.Core.Stations;

/// <summary>The wire values of a station message's <c>quality</c> flags (README; docs/failure-modes.md says when each is set).</summary>
public static class QualityFlags
{
    public const string CountsMismatch = "counts-mismatch";
    public const string BikeTypesMissing = "bike-types-missing";
    public const string UnknownBikeType = "unknown-bike-type";
    public const string NotInstalled = "not-installed";
    public const string NotRenting = "not-renting";
    public const string NotReturning = "not-returning";
    public const string StatusFlagsMissing = "status-flags-missing";
    public const string DocksMissing = "docks-missing";
    public const string Stale = "stale";
    public const string LastReportedMissing = "last-reported-missing";
    public const string LastReportedFuture = "last-reported-future";
    public const string NoInformation = "no-information";
    public const string DuplicateStationCode = "duplicate-station-code";
    public const string PostcodeUnresolved = "postcode-unresolved";
    public const string TickFromFetchTime = "tick-from-fetch-time";
    public const string FeedFrozen = "feed-frozen";
}
