namespace Velib.Core.Postcodes;

/// <summary>A row of the reference table.</summary>
public sealed record PostcodeEntry(string StationCode, string Postcode, string City);
