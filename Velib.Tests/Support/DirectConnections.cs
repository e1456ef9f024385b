using System.Net;
using System.Runtime.CompilerServices;

namespace Velib.Tests.Support;

/// <summary>
/// The tests' HTTP goes straight to their servers on 127.0.0.1 (<see cref="LoopbackServer"/>, <see cref="RefusedPort"/>),
/// whatever proxy the machine's environment names: with <c>http_proxy</c> set, .NET sent those requests to the proxy.
/// </summary>
internal static class DirectConnections
{
    [ModuleInitializer]
    internal static void Initialize() => HttpClient.DefaultProxy = new WebProxy();
}
