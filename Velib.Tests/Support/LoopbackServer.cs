using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Velib.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, answering each request with the next scripted
/// behaviour (the last one repeats). It records the requests it received. Its port stays reserved until it is
/// disposed, also after <see cref="StopListeningAsync"/>: from then on, connections to it are refused, and nothing
/// else can take the port.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Socket portHolder;
    private readonly Lock gate = new();
    private readonly Queue<Func<HttpContext, Task>> script = new();
    private Func<HttpContext, Task> last = ctx => Respond.Status(404)(ctx);
    private bool stopped;

    private LoopbackServer(WebApplication app, Socket portHolder)
    {
        this.app = app;
        this.portHolder = portHolder;
    }

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public int RequestCount => Requests.Count;

    public static async Task<LoopbackServer> StartAsync(params Func<HttpContext, Task>[] behaviours)
    {
        // A socket bound to the port and never listening holds it; Kestrel listens on a second socket sharing it.
        var portHolder = SharedPortSocket();
        portHolder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        RefusedPort.Exclusive(portHolder);
        // No watch of appsettings files: one inotify instance per server ran out of descriptors under `ulimit -n 256`.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = _ =>
        {
            var listener = SharedPortSocket();
            listener.Bind(portHolder.LocalEndPoint!);
            return listener;
        });
        var app = builder.Build();
        var server = new LoopbackServer(app, portHolder);
        server.Then(behaviours);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Appends behaviours to the script.</summary>
    public LoopbackServer Then(params Func<HttpContext, Task>[] behaviours)
    {
        lock (gate)
        {
            foreach (var behaviour in behaviours)
            {
                script.Enqueue(behaviour);
            }
        }

        return this;
    }

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    private Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);

        // Taken and kept as one step: a request that finds the script empty while another takes its last behaviour
        // would otherwise still see the initial 404 (the two feeds are read at once: a random red, one run in 50).
        Func<HttpContext, Task> behaviour;
        lock (gate)
        {
            if (script.TryDequeue(out var next))
            {
                last = next;
            }

            behaviour = last;
        }

        return behaviour(context);
    }

    /// <summary>Stops answering: from now on a connection to <see cref="BaseUri"/> is refused; the port stays reserved.</summary>
    public async Task StopListeningAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopListeningAsync();
        await app.DisposeAsync();
        portHolder.Dispose();
    }

    /// <summary>A socket that may share its port with the other sockets of this server (SO_REUSEPORT), and no other.</summary>
    private static Socket SharedPortSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetRawSocketOption(RefusedPort.SolSocket, RefusedPort.SoReusePort, BitConverter.GetBytes(1));
        return socket;
    }
}
