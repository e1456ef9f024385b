using Velib.Core.Messages;

namespace Velib.Core.Aggregation;

/// <summary>
/// Sums station messages per (tick, postcode), one batch taken alone, with no memory of other batches. Within a
/// group the latest message of each station wins (by <c>lastReported</c>, then by batch order). Messages without a
/// postcode are not summed; their stations are reported. The output depends only on the input, apart from
/// <c>computedAt</c>. A group missing some of its stations comes out with <c>complete: false</c>: the hosts do not
/// publish this directly but go through <see cref="TickAssembly"/>, which publishes a tick's total only once the
/// tick is whole, with exactly the values this one-batch sum gives for the whole tick.
/// </summary>
public static class PostcodeAggregator
{
    /// <summary>Reads and aggregates raw records; a bad record is rejected with its reason and the rest goes on.</summary>
    public static AggregationResult AggregateRecords(IEnumerable<InboundRecord> records, int maxRecordBytes, DateTimeOffset computedAt)
    {
        ArgumentNullException.ThrowIfNull(records);
        var messages = new List<StationMessage>();
        var rejected = new List<RejectedRecord>();
        foreach (var record in records)
        {
            if (StationRecordReader.TryRead(record.Utf8.Span, maxRecordBytes, out var message, out var reason))
            {
                messages.Add(message!);
            }
            else
            {
                rejected.Add(new RejectedRecord(record.Origin, reason!));
            }
        }

        var result = Aggregate(messages, computedAt);
        return result with { Rejected = rejected };
    }

    /// <summary>Aggregates messages already read.</summary>
    public static AggregationResult Aggregate(IEnumerable<StationMessage> messages, DateTimeOffset computedAt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var groups = new Dictionary<(DateTimeOffset Tick, string Postcode), Dictionary<string, StationMessage>>();
        var unresolved = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message.Postcode is not { } postcode)
            {
                unresolved.Add(message.StationCode);
                continue;
            }

            var key = (message.Tick, postcode);
            if (!groups.TryGetValue(key, out var stations))
            {
                stations = new Dictionary<string, StationMessage>(StringComparer.Ordinal);
                groups.Add(key, stations);
            }

            if (!stations.TryGetValue(message.StationCode, out var kept) || !IsOlder(message, kept))
            {
                stations[message.StationCode] = message;
            }
        }

        var totals = new List<PostcodeTotals>(groups.Count);
        foreach (var ((tick, postcode), stations) in groups)
        {
            totals.Add(Sum(tick, postcode, stations.Values, computedAt));
        }

        totals.Sort(static (a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : string.CompareOrdinal(a.Postcode, b.Postcode));
        return new AggregationResult(totals, [], [.. unresolved]);
    }

    /// <summary>Whether <paramref name="candidate"/> reports an earlier state than <paramref name="kept"/> (no date counts as earliest).</summary>
    internal static bool IsOlder(StationMessage candidate, StationMessage kept) =>
        (candidate.LastReported ?? DateTimeOffset.MinValue) < (kept.LastReported ?? DateTimeOffset.MinValue);

    /// <summary>The total of one (tick, postcode) group: one message per station.</summary>
    internal static PostcodeTotals Sum(DateTimeOffset tick, string postcode, IEnumerable<StationMessage> stations, DateTimeOffset computedAt)
    {
        int bikes = 0, mechanical = 0, electric = 0, docks = 0, expected = 0;
        DateTimeOffset? asOf = null;
        var codes = new List<string>();
        var quality = new SortedSet<string>(StringComparer.Ordinal);
        string? city = null, cityCode = null;
        foreach (var s in stations)
        {
            // Checked: a sum past int.MaxValue (over 200,000 stations at the per-station bound) throws rather than wraps.
            bikes = checked(bikes + s.BikesAvailable);
            mechanical = checked(mechanical + s.Mechanical);
            electric = checked(electric + s.Electric);
            docks = checked(docks + (s.DocksAvailable ?? 0));
            expected = Math.Max(expected, s.StationsInPostcode);
            if (s.LastReported > asOf || asOf is null)
            {
                asOf = s.LastReported ?? asOf;
            }

            codes.Add(s.StationCode);
            quality.UnionWith(s.Quality);
            if (s.City is not null && (cityCode is null || string.CompareOrdinal(s.StationCode, cityCode) < 0))
            {
                (city, cityCode) = (s.City, s.StationCode);
            }
        }

        codes.Sort(StringComparer.Ordinal);
        expected = Math.Max(expected, codes.Count);
        return new PostcodeTotals
        {
            SchemaVersion = PostcodeTotals.CurrentSchemaVersion,
            Postcode = postcode,
            City = city,
            TotalBikes = bikes,
            MechanicalBikes = mechanical,
            ElectricBikes = electric,
            DocksAvailable = docks,
            StationCount = codes.Count,
            StationsExpected = expected,
            Complete = codes.Count >= expected,
            StationCodes = codes,
            AsOf = asOf,
            Tick = tick,
            ComputedAt = computedAt,
            Quality = [.. quality],
        };
    }
}
