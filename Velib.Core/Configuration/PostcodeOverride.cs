namespace Velib.Core.Configuration;

/// <summary>A postcode (and city) set by hand for one station; <see cref="VelibOptions"/> checks it (annotations inside a dictionary never run).</summary>
public sealed class PostcodeOverride
{
    public string Postcode { get; set; } = "";
    public string? City { get; set; }
}
