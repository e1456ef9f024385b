using System.ComponentModel.DataAnnotations;

namespace Velib.Core.Configuration;

/// <summary>A postcode (and optional city) set by hand for one station.</summary>
public sealed class PostcodeOverride
{
    [Required]
    [RegularExpression("^[0-9]{5}$")]
    public string Postcode { get; set; } = "";

    public string? City { get; set; }
}
