using Velib.Core.Configuration;
using Velib.Core.Gbfs;
using Velib.Core.Messages;

namespace Velib.Core.Stations;

/// <summary>
/// Joins status with information on <c>stationCode</c>, checks every count, flags what is doubtful, and makes each
/// station the <see cref="StationMessage"/> it becomes (the postcode and the tick are left to the snapshot). A
/// station whose counts cannot be trusted (absent, null or negative) is rejected with its reason rather than
/// published with a wrong number; everything else is published with its quality flags.
/// </summary>
public static class StationBuilder
{
    /// <summary>How far after the fetch a <c>last_reported</c> may be before it is flagged (clocks differ a little).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static JoinedStations Join(
        FeedDocument<StationStatus> status,
        FeedDocument<StationInformation> information,
        StationSelection selection,
        DateTimeOffset fetchedAt,
        TimeSpan staleAfter)
    {
        var problems = new List<string>(status.Problems.Count + information.Problems.Count);
        problems.AddRange(status.Problems);
        problems.AddRange(information.Problems);

        var info = IndexInformation(information.Stations, problems);
        var (latest, duplicated) = LatestStatusByCode(status.Stations, problems);

        var stations = new List<StationMessage>(latest.Count);
        var rejected = new List<RejectedStation>();
        foreach (var entry in latest)
        {
            info.TryGetValue(entry.StationCode, out var details);
            if (Reject(entry) is { } reason)
            {
                rejected.Add(new RejectedStation(entry.StationCode, reason));
                continue;
            }

            stations.Add(Build(entry, details, duplicated.Contains(entry.StationCode), fetchedAt, staleAfter));
        }

        stations.Sort(static (a, b) => string.CompareOrdinal(a.StationCode, b.StationCode));
        rejected.Sort(static (a, b) => string.CompareOrdinal(a.StationCode, b.StationCode));

        var missing = selection.All
            ? []
            : selection.Codes.Where(code => !latest.Exists(s => s.StationCode == code)).Order(StringComparer.Ordinal).ToList();

        return new JoinedStations(stations, missing, rejected, problems);
    }

    private static Dictionary<string, StationInformation> IndexInformation(IReadOnlyList<StationInformation> entries, List<string> problems)
    {
        var index = new Dictionary<string, StationInformation>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!index.TryAdd(entry.StationCode, entry))
            {
                problems.Add($"{StationInformationParser.FeedName}: station {entry.StationCode} appears more than once; the first entry is used");
            }
        }

        return index;
    }

    /// <summary>One status per code: where a code repeats, the latest <c>last_reported</c> wins (the first on a tie).</summary>
    private static (List<StationStatus> Latest, HashSet<string> Duplicated) LatestStatusByCode(IReadOnlyList<StationStatus> entries, List<string> problems)
    {
        var position = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        var latest = new List<StationStatus>(entries.Count);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!position.TryGetValue(entry.StationCode, out var at))
            {
                position.Add(entry.StationCode, latest.Count);
                latest.Add(entry);
                continue;
            }

            if (duplicated.Add(entry.StationCode))
            {
                problems.Add($"{StationStatusParser.FeedName}: station {entry.StationCode} appears more than once; the latest last_reported is kept");
            }

            if ((entry.LastReported ?? 0) > (latest[at].LastReported ?? 0))
            {
                latest[at] = entry;
            }
        }

        return (latest, duplicated);
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

    private static StationMessage Build(StationStatus s, StationInformation? info, bool duplicated, DateTimeOffset fetchedAt, TimeSpan staleAfter)
    {
        var flags = new List<string>(4);
        var bikes = s.BikesAvailable!.Value;
        var mechanical = s.Mechanical ?? 0;
        var electric = s.Electric ?? 0;

        if (!s.HasBikeTypes)
        {
            flags.Add(QualityFlags.BikeTypesMissing);
        }

        if (s.OtherTypes.Count > 0)
        {
            flags.Add(QualityFlags.UnknownBikeType);
        }

        if (mechanical + electric + s.OtherTypeBikes != bikes || (s.OtherTypes.Count > 0 && mechanical + electric != bikes))
        {
            flags.Add(QualityFlags.CountsMismatch);
        }

        if (s.IsInstalled is null || s.IsRenting is null || s.IsReturning is null)
        {
            flags.Add(QualityFlags.StatusFlagsMissing);
        }

        AddIfFalse(flags, s.IsInstalled, QualityFlags.NotInstalled);
        AddIfFalse(flags, s.IsRenting, QualityFlags.NotRenting);
        AddIfFalse(flags, s.IsReturning, QualityFlags.NotReturning);

        DateTimeOffset? lastReported = null;
        if (s.LastReported is not { } seconds || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            flags.Add(QualityFlags.LastReportedMissing);
        }
        else
        {
            lastReported = DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (lastReported > fetchedAt + FutureTolerance)
            {
                flags.Add(QualityFlags.LastReportedFuture);
            }
            else if (fetchedAt - lastReported > staleAfter)
            {
                flags.Add(QualityFlags.Stale);
            }
        }

        if (info is null)
        {
            flags.Add(QualityFlags.NoInformation);
        }

        if (duplicated)
        {
            flags.Add(QualityFlags.DuplicateStationCode);
        }

        var name = info?.Name;
        if (name is not null && NameRepair.TryRepair(name, out var repaired))
        {
            name = repaired;
            flags.Add(QualityFlags.NameRepaired);
        }

        flags.Sort(StringComparer.Ordinal);
        return new StationMessage
        {
            SchemaVersion = StationMessage.CurrentSchemaVersion,
            StationCode = s.StationCode,
            StationId = s.StationId ?? info?.StationId,
            Name = name,
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
            Tick = fetchedAt,
            StationsInPostcode = 0,
            Quality = flags,
        };
    }

    private static void AddIfFalse(List<string> flags, bool? value, string flag)
    {
        if (value == false)
        {
            flags.Add(flag);
        }
    }
}
