using Velib.Core.Configuration;
using Velib.Core.Gbfs;
using Velib.Core.Messages;
using Velib.Core.Snapshots;

namespace Velib.Core.Stations;

/// <summary>
/// Joins status with information on <c>stationCode</c>, checks every count, flags what is doubtful, and makes each
/// station the <see cref="StationMessage"/> it becomes. A station whose counts cannot be trusted (absent, null or
/// negative) is rejected with its reason rather than published with a wrong number; everything else is published
/// with its quality flags.
/// </summary>
public static class StationBuilder
{
    /// <summary>
    /// The snapshot of the two feeds before postcodes: each message stamped with the tick and carrying its flags and
    /// the tick's, with <c>Postcode</c> and <c>City</c> null and <c>StationsInPostcode</c> 0 until
    /// <see cref="SnapshotService"/> resolves the postcode.
    /// </summary>
    public static Snapshot Join(
        FeedDocument<StationStatus> status,
        FeedDocument<StationInformation> information,
        StationSelection selection,
        FeedTick feedTick,
        TimeSpan staleAfter)
    {
        List<string> problems = [.. status.Problems, .. information.Problems];
        var info = new Dictionary<string, StationInformation>(information.Stations.Count, StringComparer.Ordinal);
        foreach (var entry in information.Stations)
        {
            if (!info.TryAdd(entry.StationCode, entry))
            {
                problems.Add($"{StationInformationParser.FeedName}: station {entry.StationCode} appears more than once; the first entry is used");
            }
        }

        // One status per code: where a code repeats, the latest last_reported wins (the first on a tie).
        var latest = new Dictionary<string, StationStatus>(status.Stations.Count, StringComparer.Ordinal);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in status.Stations)
        {
            if (latest.TryGetValue(entry.StationCode, out var kept) && duplicated.Add(entry.StationCode))
            {
                problems.Add($"{StationStatusParser.FeedName}: station {entry.StationCode} appears more than once; the latest last_reported is kept");
            }

            if (kept is null || (entry.LastReported ?? 0) > (kept.LastReported ?? 0))
            {
                latest[entry.StationCode] = entry;
            }
        }

        var stations = new List<StationMessage>(latest.Count);
        var rejected = new List<RejectedStation>();
        foreach (var entry in latest.Values.OrderBy(entry => entry.StationCode, StringComparer.Ordinal))
        {
            if (Reject(entry) is { } reason)
            {
                rejected.Add(new RejectedStation(entry.StationCode, reason));
                continue;
            }

            stations.Add(Build(entry, info.GetValueOrDefault(entry.StationCode), duplicated.Contains(entry.StationCode), feedTick, staleAfter));
        }

        List<string> missing = selection.All ? [] : [.. selection.Codes.Where(code => !latest.ContainsKey(code)).Order(StringComparer.Ordinal)];
        return new Snapshot(feedTick, stations, missing, rejected, problems);
    }

    private static string? Reject(StationStatus s) => s switch
    {
        { BikesAvailable: null } => "num_bikes_available is absent or not a whole number",
        { BikesAvailable: < 0 } => $"num_bikes_available is negative ({s.BikesAvailable})",
        { Mechanical: < 0 } => $"mechanical count is negative ({s.Mechanical})",
        { Electric: < 0 } => $"ebike count is negative ({s.Electric})",
        { DocksAvailable: < 0 } => $"num_docks_available is negative ({s.DocksAvailable})",
        { BikesAvailable: > StationLimits.MaxCount } or { Mechanical: > StationLimits.MaxCount } or { Electric: > StationLimits.MaxCount } or { DocksAvailable: > StationLimits.MaxCount }
            => $"a count is over {StationLimits.MaxCount}, which no station holds",
        _ => null,
    };

    private static StationMessage Build(StationStatus s, StationInformation? info, bool duplicated, FeedTick feedTick, TimeSpan staleAfter)
    {
        // Stale is measured against the tick: a replay of recorded files flags the stations a live run flagged then.
        var tick = feedTick.Tick;
        var bikes = s.BikesAvailable!.Value;
        var mechanical = s.Mechanical ?? 0;
        var electric = s.Electric ?? 0;
        DateTimeOffset? lastReported = s.LastReported is { } seconds && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        var future = lastReported > tick + FeedTick.FutureTolerance;

        var flags = new List<string>(4);
        Flag(flags, !s.HasBikeTypes, QualityFlags.BikeTypesMissing);
        Flag(flags, s.OtherTypes.Count > 0, QualityFlags.UnknownBikeType);
        Flag(flags, mechanical + electric + s.OtherTypeBikes != bikes || (s.OtherTypes.Count > 0 && mechanical + electric != bikes), QualityFlags.CountsMismatch);
        Flag(flags, s.IsInstalled is null || s.IsRenting is null || s.IsReturning is null, QualityFlags.StatusFlagsMissing);
        Flag(flags, s.IsInstalled == false, QualityFlags.NotInstalled);
        Flag(flags, s.IsRenting == false, QualityFlags.NotRenting);
        Flag(flags, s.IsReturning == false, QualityFlags.NotReturning);
        Flag(flags, lastReported is null, QualityFlags.LastReportedMissing);
        Flag(flags, future, QualityFlags.LastReportedFuture);
        Flag(flags, !future && tick - lastReported > staleAfter, QualityFlags.Stale);
        Flag(flags, info is null, QualityFlags.NoInformation);
        Flag(flags, duplicated, QualityFlags.DuplicateStationCode);
        flags.AddRange(feedTick.Flags);
        flags.Sort(StringComparer.Ordinal);

        return new StationMessage
        {
            SchemaVersion = StationMessage.CurrentSchemaVersion,
            StationCode = s.StationCode,
            StationId = s.StationId ?? info?.StationId,
            Name = info?.Name,
            Lat = info?.Lat,
            Lon = info?.Lon,
            Capacity = info?.Capacity,
            BikesAvailable = bikes,
            Mechanical = mechanical,
            Electric = electric,
            DocksAvailable = s.DocksAvailable,
            IsInstalled = s.IsInstalled ?? false,
            IsRenting = s.IsRenting ?? false,
            IsReturning = s.IsReturning ?? false,
            LastReported = lastReported,
            Tick = tick,
            StationsInPostcode = 0,
            Quality = flags,
        };
    }

    private static void Flag(List<string> flags, bool when, string flag)
    {
        if (when)
        {
            flags.Add(flag);
        }
    }
}
