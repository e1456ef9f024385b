using System.Globalization;
using System.Runtime.CompilerServices;

namespace Velib.Tests.Support;

internal static class InvariantCulture
{
    // The test host's culture follows LANG where DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 undoes the invariant build,
    // as velib's own never does (Program.cs): under tr_TR, "0,4 s" and System.CommandLine's Turkish failed 12 tests.
#pragma warning disable CA2255 // a module initializer in a test assembly: the one place every test's culture is set before it runs
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Set() =>
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
}
