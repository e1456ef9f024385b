using Microsoft.Extensions.Options;

namespace Velib.Core.Configuration;

/// <summary>Checks <see cref="VelibOptions"/> at start-up (source-generated).</summary>
[OptionsValidator]
public sealed partial class VelibOptionsValidator : IValidateOptions<VelibOptions>;
