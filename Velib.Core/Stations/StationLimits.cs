namespace Velib.Core.Stations;

/// <summary>Bounds on what one station can report; a count beyond them is an error in the data, not a busy station.</summary>
public static class StationLimits
{
    /// <summary>The largest bike or dock count accepted for one station (the biggest Vélib' stations have about 150 docks).</summary>
    public const int MaxCount = 10_000;
}
