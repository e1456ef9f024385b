namespace Velib.Core.Stations;

/// <summary>A station of the feed that was not published, with the reason: its cause, and the value that caused it, if one did.</summary>
public sealed record RejectedStation(string StationCode, string Cause, long? Value)
{
    /// <summary><c>num_bikes_available is negative (-3)</c>.</summary>
    public string Reason => Value is { } value ? $"{Cause} ({value})" : Cause;
}
