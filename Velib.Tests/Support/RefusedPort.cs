using System.Net;
using System.Net.Sockets;

namespace Velib.Tests.Support;

/// <summary>
/// A port on 127.0.0.1 that refuses every connection for as long as this object lives: a socket bound to it and never
/// listening holds it (Linux refuses a connection to a bound port nobody listens on), so that no server of this test
/// run or of another can listen on it meanwhile, and the kernel gives it to no other socket that binds port 0 or
/// connects out (which rules out a client connecting to itself).
/// </summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket holder = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusedPort()
    {
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Exclusive(holder);
        Port = ((IPEndPoint)holder.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Dispose() => holder.Dispose();

    /// <summary>
    /// .NET binds with SO_REUSEADDR on Linux, which would let another socket with it listen on the port of a socket
    /// that does not listen; cleared after the bind, the port is this socket's alone (SO_REUSEPORT sharers aside).
    /// </summary>
    internal static void Exclusive(Socket bound) => bound.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(0));

    // SOL_SOCKET, SO_REUSEADDR and SO_REUSEPORT on Linux, where these tests run.
    internal const int SolSocket = 1;
    internal const int SoReuseAddr = 2;
    internal const int SoReusePort = 15;
}
