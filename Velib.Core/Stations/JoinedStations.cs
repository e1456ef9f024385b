using Velib.Core.Messages;

namespace Velib.Core.Stations;

/// <summary>What the join of the two feeds gives: the usable stations, and everything that was left out, with why.</summary>
/// <param name="Stations">
/// Each station as the message it becomes, as far as the feeds tell, stamped with the tick the join was given:
/// <c>Postcode</c> and <c>City</c> null, <c>StationsInPostcode</c> 0 and <c>Quality</c> the feed's flags, until
/// <see cref="Snapshots.SnapshotService"/> resolves the postcode.
/// </param>
public sealed record JoinedStations(
    IReadOnlyList<StationMessage> Stations,
    IReadOnlyList<string> MissingCodes,
    IReadOnlyList<RejectedStation> Rejected,
    IReadOnlyList<string> Problems);
