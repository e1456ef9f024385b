namespace Velib.Core.Stations;

/// <summary>What the join of the two feeds gives: the usable stations, and everything that was left out, with why.</summary>
public sealed record JoinedStations(
    IReadOnlyList<Station> Stations,
    IReadOnlyList<string> MissingCodes,
    IReadOnlyList<RejectedStation> Rejected,
    IReadOnlyList<string> Problems);
