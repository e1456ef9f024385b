namespace Velib.Core.Configuration;

/// <summary>
/// A postcode (and optional city) set by hand for one station. <see cref="VelibOptions"/> checks the postcode:
/// the source-generated validator does not look inside the values of a dictionary, so annotations here would never run.
/// </summary>
public sealed class PostcodeOverride
{
    public string Postcode { get; set; } = "";

    public string? City { get; set; }
}
