namespace Velib.Core.Stations;

/// <summary>A station of the feed that was not published, with the reason.</summary>
public sealed record RejectedStation(string StationCode, string Reason);
