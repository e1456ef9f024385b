using Velib.Core.Configuration;
using Velib.Core.Gbfs;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;

namespace Velib.Core.Stations;

/// <summary>Joins the documents on <c>stationCode</c>, rejects untrustworthy counts rather than publish them, and flags the rest.</summary>
public static class StationBuilder
{
    /// <summary>A station whose <c>last_reported</c> is older than this at the tick is flagged <c>stale</c>.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    public static Joined Join(GbfsDocument<StationStatus> status, GbfsDocument<StationInformation> information, StationSelection selection)
    {
        // One entry per code: information's first; status's latest last_reported (the first on a tie).
        var info = information.Stations.DistinctBy(e => e.StationCode, StringComparer.Ordinal).ToDictionary(e => e.StationCode, StringComparer.Ordinal);
        var latest = new Dictionary<string, StationStatus>(StringComparer.Ordinal);
        foreach (var entry in status.Stations)
        {
            if (!latest.TryAdd(entry.StationCode, entry) && (entry.LastReported ?? 0) > (latest[entry.StationCode].LastReported ?? 0))
            {
                latest[entry.StationCode] = entry;
            }
        }

        var duplicated = latest.Count == status.Stations.Count ? [] : Duplicates(status.Stations.Select(e => e.StationCode));
        List<FeedProblem> problems =
        [
            .. status.Problems,
            .. information.Problems,
            .. Twice(GbfsKind.Information, info.Count == information.Stations.Count ? [] : Duplicates(information.Stations.Select(e => e.StationCode)), "the first entry is used", "the first entry of each is used"),
            .. Twice(GbfsKind.Status, duplicated, "the latest last_reported is kept", "the latest last_reported of each is kept"),
        ];

        var stations = new List<JoinedStation>(latest.Count);
        var rejected = new List<RejectedStation>();
        foreach (var entry in latest.Values.OrderBy(entry => entry.StationCode, StringComparer.Ordinal))
        {
            if (Reject(entry) is ({ } cause, var value))
            {
                rejected.Add(new RejectedStation(entry.StationCode, cause, value));
            }
            else
            {
                stations.Add(new JoinedStation(entry, info.GetValueOrDefault(entry.StationCode), duplicated.Contains(entry.StationCode)));
            }
        }

        List<string> missing = [.. selection.Codes.Where(code => !latest.ContainsKey(code)).Order(StringComparer.Ordinal)];
        return new Joined(stations, rejected, missing, problems);
    }

    /// <summary>The station's message, stamped with the tick; <paramref name="inPostcode"/> is how many of this tick's stations share its postcode.</summary>
    public static StationMessage Build(JoinedStation station, FeedTick feedTick, PostcodeResolution postcode, int inPostcode)
    {
        var (s, info, duplicated) = station;

        // Stale is measured against the tick: a replay of recorded files flags the stations a live run flagged then.
        var tick = feedTick.Tick;
        var bikes = (int)s.BikesAvailable!.Value;
        var mechanical = (int)(s.Mechanical ?? 0);
        var electric = (int)(s.Electric ?? 0);
        DateTimeOffset? lastReported = s.LastReported is { } seconds && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        // Any, not Sum: each count is held at the end of 64 bits, and two of them would overflow a (checked) sum.
        var otherBikes = s.OtherTypes.Values.Any(n => n > 0);

        ReadOnlySpan<(bool When, string Flag)> flags =
        [
            (!s.HasBikeTypes, QualityFlags.BikeTypesMissing),
            (s.OtherTypes.Count > 0, QualityFlags.UnknownBikeType),
            (mechanical + electric != bikes || otherBikes, QualityFlags.CountsMismatch),
            (s.IsInstalled is null || s.IsRenting is null || s.IsReturning is null, QualityFlags.StatusFlagsMissing),
            (s.DocksAvailable is null, QualityFlags.DocksMissing),
            (s.IsInstalled == false, QualityFlags.NotInstalled),
            (s.IsRenting == false, QualityFlags.NotRenting),
            (s.IsReturning == false, QualityFlags.NotReturning),
            (lastReported is null, QualityFlags.LastReportedMissing),
            (lastReported > tick + FeedTick.FutureTolerance, QualityFlags.LastReportedFuture),
            (tick - lastReported > StaleAfter, QualityFlags.Stale), // over an hour before the tick: never also in the future
            (info is null, QualityFlags.NoInformation),
            (duplicated, QualityFlags.DuplicateStationCode),
            (!postcode.IsResolved, QualityFlags.PostcodeUnresolved),
        ];

        List<string> quality = [.. feedTick.Flags];
        foreach (var (when, flag) in flags)
        {
            if (when)
            {
                quality.Add(flag);
            }
        }

        quality.Sort(StringComparer.Ordinal);
        return new StationMessage
        {
            SchemaVersion = StationMessage.CurrentSchemaVersion,
            StationCode = s.StationCode,
            StationId = s.StationId ?? info?.StationId,
            Name = info?.Name,
            Postcode = postcode.Postcode,
            City = postcode.City,
            Lat = info?.Lat,
            Lon = info?.Lon,
            Capacity = info?.Capacity,
            BikesAvailable = bikes,
            Mechanical = mechanical,
            Electric = electric,
            DocksAvailable = (int?)s.DocksAvailable,
            IsInstalled = s.IsInstalled ?? false,
            IsRenting = s.IsRenting ?? false,
            IsReturning = s.IsReturning ?? false,
            LastReported = lastReported,
            Tick = tick,
            StationsInPostcode = inPostcode,
            Quality = quality,
        };
    }

    private static HashSet<string> Duplicates(IEnumerable<string> codes) =>
        codes.CountBy(code => code, StringComparer.Ordinal).Where(c => c.Value > 1).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    private static List<FeedProblem> Twice(GbfsKind kind, HashSet<string> codes, string kept, string keptOfEach)
    {
        var (problems, one, many) = (new FeedProblems(kind.Name, "station", "stations"), $"appears more than once; {kept}", $"appear more than once; {keptOfEach}");
        foreach (var code in codes)
        {
            problems.Add(code, one, many);
        }

        return problems.ToList();
    }

    // The cause alone, without its value, so that the warnings can give one line to each cause.
    private static (string Cause, long? Value)? Reject(StationStatus s) => s switch
    {
        { BikesAvailable: null } => ("num_bikes_available is absent or not a whole number", null),
        { BikesAvailable: < 0 } => ("num_bikes_available is negative", s.BikesAvailable),
        { Mechanical: < 0 } => ("mechanical count is negative", s.Mechanical),
        { Electric: < 0 } => ("ebike count is negative", s.Electric),
        { DocksAvailable: < 0 } => ("num_docks_available is negative", s.DocksAvailable),
        { BikesAvailable: > StationMessage.MaxCount } or { Mechanical: > StationMessage.MaxCount } or { Electric: > StationMessage.MaxCount } or { DocksAvailable: > StationMessage.MaxCount }
            => ($"a count is over {StationMessage.MaxCount}, which no station holds", null),
        _ => null,
    };
}

/// <summary>A station of both documents that passed the checks, before its postcode is known.</summary>
public sealed record JoinedStation(StationStatus Status, StationInformation? Information, bool Duplicated);

/// <summary>What <see cref="StationBuilder.Join"/> found in the two documents.</summary>
public sealed record Joined(IReadOnlyList<JoinedStation> Stations, IReadOnlyList<RejectedStation> Rejected, IReadOnlyList<string> MissingCodes, IReadOnlyList<FeedProblem> Problems);
