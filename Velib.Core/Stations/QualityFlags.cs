namespace Velib.Core.Stations;

/// <summary>The data-quality flags a station message can carry (field <c>quality</c>). The README's station message contract lists each; docs/failure-modes.md says when each is set.</summary>
public static class QualityFlags
{
    /// <summary><c>mechanical + electric</c> (plus bikes of unknown types) differs from <c>num_bikes_available</c>.</summary>
    public const string CountsMismatch = "counts-mismatch";

    /// <summary><c>num_bikes_available_types</c> is absent: mechanical and electric are published as 0.</summary>
    public const string BikeTypesMissing = "bike-types-missing";

    /// <summary>A bike type other than <c>mechanical</c> and <c>ebike</c> (e.g. <c>cargo</c>): counted in the total only.</summary>
    public const string UnknownBikeType = "unknown-bike-type";

    public const string NotInstalled = "not-installed";
    public const string NotRenting = "not-renting";
    public const string NotReturning = "not-returning";

    /// <summary>One of <c>is_installed</c>, <c>is_renting</c>, <c>is_returning</c> is absent; it is published as false.</summary>
    public const string StatusFlagsMissing = "status-flags-missing";

    /// <summary><c>last_reported</c> is older than the configured limit at fetch time.</summary>
    public const string Stale = "stale";

    /// <summary><c>last_reported</c> is absent, null or zero: <c>lastReported</c> is null.</summary>
    public const string LastReportedMissing = "last-reported-missing";

    /// <summary><c>last_reported</c> is more than five minutes after the fetch.</summary>
    public const string LastReportedFuture = "last-reported-future";

    /// <summary>The station is in <c>station_status.json</c> but not in <c>station_information.json</c>.</summary>
    public const string NoInformation = "no-information";

    /// <summary>The station code appears more than once in the status feed; the latest entry was kept.</summary>
    public const string DuplicateStationCode = "duplicate-station-code";

    /// <summary>The name was UTF-8 read as Latin-1 (<c>HÃ´pital</c>) and has been repaired.</summary>
    public const string NameRepaired = "name-repaired";

    /// <summary>No postcode could be found: the station is not summed into any postcode.</summary>
    public const string PostcodeUnresolved = "postcode-unresolved";

    /// <summary>
    /// The status document has no sane <c>lastUpdatedOther</c> (absent, not an integer, before 2000, or more than five
    /// minutes after the fetch): the tick is the fetch time, so two fetches of one feed version are two ticks.
    /// </summary>
    public const string TickFromFetchTime = "tick-from-fetch-time";

    /// <summary>
    /// Fetched over HTTP, the feed's version (<c>lastUpdatedOther</c>) was older than <c>FrozenAfter</c> (10 min by
    /// default): the feed looks frozen, and every count in it is that old.
    /// </summary>
    public const string FeedFrozen = "feed-frozen";
}
