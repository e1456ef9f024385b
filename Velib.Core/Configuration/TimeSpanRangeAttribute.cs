using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Velib.Core.Configuration;

// Hand-written: [Range(typeof(TimeSpan), …)] requires unreferenced code (IL2026), which Native AOT refuses.

/// <summary>A <see cref="TimeSpan"/> setting between two bounds (invariant <c>[d.]hh:mm:ss[.fff]</c>), both included.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute("The field {0} must be between {1} and {2}.")
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is TimeSpan time && time >= Minimum && time <= Maximum;

    public override string FormatErrorMessage(string name) => string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
