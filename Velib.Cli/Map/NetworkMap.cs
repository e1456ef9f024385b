using NetTopologySuite.Geometries;
using Velib.Core.Map;
using Velib.Core.Messages;

namespace Velib.Cli.Map;

/// <summary>What <c>velib map</c> draws: one tick's published totals, its station messages, and each postcode's area.</summary>
internal sealed record NetworkMap(DateTimeOffset Tick, IReadOnlyList<PostcodeTotals> Totals, IReadOnlyList<StationMessage> Stations, IReadOnlyDictionary<string, Geometry> Areas)
{
    public static NetworkMap Of(DateTimeOffset tick, IReadOnlyList<PostcodeTotals> totals, IReadOnlyList<StationMessage> stations) =>
        new(tick, totals, stations, PostcodeAreas.Build(stations).ToDictionary(a => a.Postcode, a => a.Area, StringComparer.Ordinal));

    /// <summary>A long: a postcode holds up to 500 million bikes (50,000 held stations of 10,000), so a few are past an int.</summary>
    public long TotalBikes => Totals.Sum(t => (long)t.TotalBikes);
}
