namespace Velib.Core.Postcodes;

public sealed record PostcodeResolution(string? Postcode, string? City, string? Reason = null)
{
    public bool IsResolved => Postcode is not null;

    public static PostcodeResolution Unresolved(string reason) => new(null, null, reason);
}
