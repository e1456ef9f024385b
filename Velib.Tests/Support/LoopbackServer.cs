using System.Collections.Concurrent;
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
/// behaviour (the last one repeats). It records the requests it received.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();
    private Func<HttpContext, Task> last = ctx => Respond.Status(404)(ctx);

    private LoopbackServer(WebApplication app) => this.app = app;

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public int RequestCount => Requests.Count;

    public static async Task<LoopbackServer> StartAsync(params Func<HttpContext, Task>[] behaviours)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackServer(app);
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
        foreach (var behaviour in behaviours)
        {
            script.Enqueue(behaviour);
        }

        return this;
    }

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    private Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (script.TryDequeue(out var next))
        {
            last = next;
        }

        return last(context);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
