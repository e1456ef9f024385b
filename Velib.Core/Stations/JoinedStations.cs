using Velib.Core.Messages;

namespace Velib.Core.Stations;

/// <summary>What the join of the two feeds gives: the usable stations, and everything that was left out, with why.</summary>
/// <param name="Stations">
/// Each station as the message it becomes, as far as the feeds tell: <c>Postcode</c> and <c>City</c> null,
/// <c>StationsInPostcode</c> 0, <c>Quality</c> the feed's flags and <c>Tick</c> the time the join was given, until
/// <see cref="Snapshots.SnapshotService"/> resolves the postcode and stamps its tick.
/// </param>
public sealed record JoinedStations(
    IReadOnlyList<StationMessage> Stations,
    IReadOnlyList<string> MissingCodes,
    IReadOnlyList<RejectedStation> Rejected,
    IReadOnlyList<string> Problems);
