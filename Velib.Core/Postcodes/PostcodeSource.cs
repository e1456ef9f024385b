namespace Velib.Core.Postcodes;

/// <summary>Where a station's postcode came from, in the order they are tried.</summary>
public enum PostcodeSource
{
    Override,
    Table,
    Geocoder,
    Unresolved,
}
