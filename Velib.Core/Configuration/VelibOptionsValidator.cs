using Microsoft.Extensions.Options;

namespace Velib.Core.Configuration;

/// <summary>Checks <see cref="VelibOptions"/> at start-up: the data annotations (source-generated) and what they cannot say.</summary>
[OptionsValidator]
public sealed partial class VelibOptionsValidator : IValidateOptions<VelibOptions>;
