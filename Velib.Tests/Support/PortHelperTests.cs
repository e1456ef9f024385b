using System.Net;
using System.Net.Sockets;

namespace Velib.Tests.Support;

/// <summary>The refusing ports the fault tests rely on refuse, and stay theirs: no other server can listen on them meanwhile.</summary>
[Collection(Reliability.NetworkTests.Name)]
public class PortHelperTests
{
    [Fact]
    public async Task A_refused_port_refuses_and_cannot_be_taken()
    {
        using var refused = new RefusedPort();

        await AssertRefusedAsync(refused.Port);
        AssertCannotBeTaken(refused.Port);
    }

    [Fact]
    public async Task A_server_that_stopped_listening_refuses_and_keeps_its_port()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Status(204));
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(server.Url("x"))).StatusCode);

        await server.StopListeningAsync();

        await AssertRefusedAsync(server.BaseUri.Port);
        AssertCannotBeTaken(server.BaseUri.Port);
    }

    private static async Task AssertRefusedAsync(int port)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    /// <summary>No other server can listen on the port (a bind alone may share it: .NET binds with SO_REUSEADDR on Linux).</summary>
    private static void AssertCannotBeTaken(int port)
    {
        var other = new TcpListener(IPAddress.Loopback, port);
        try
        {
            var error = Assert.Throws<SocketException>(other.Start);
            Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        }
        finally
        {
            other.Dispose();
        }
    }
}
