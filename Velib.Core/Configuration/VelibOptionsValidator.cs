using Microsoft.Extensions.Options;

namespace Velib.Core.Configuration;

/// <summary>Checks <see cref="VelibOptions"/> at start-up: the data annotations (source-generated), then its own <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> checks.</summary>
[OptionsValidator]
public sealed partial class VelibOptionsValidator : IValidateOptions<VelibOptions>;
