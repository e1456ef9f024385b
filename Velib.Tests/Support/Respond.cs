using System.Text;
using Microsoft.AspNetCore.Http;

namespace Velib.Tests.Support;

/// <summary>What a <see cref="LoopbackServer"/> does with a request: the ways real servers answer, and fail.</summary>
public static class Respond
{
    public static Func<HttpContext, Task> Json(byte[] body, int status = 200) => async ctx =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body);
    };

    /// <summary>Sends <paramref name="body"/> as is, labelled with a Content-Encoding the client must decode (gzip, br).</summary>
    public static Func<HttpContext, Task> Encoded(byte[] body, string encoding) => async ctx =>
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.ContentEncoding = encoding;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body);
    };

    public static Func<HttpContext, Task> Text(string body, string contentType = "text/html", int status = 200) => async ctx =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.WriteAsync(body, Encoding.UTF8);
    };

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => ctx =>
    {
        ctx.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            ctx.Response.Headers.RetryAfter = retryAfter;
        }

        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Redirect(string location, int status = 302) => ctx =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    /// <summary>Answers after <paramref name="delay"/> (or when the client gives up).</summary>
    public static Func<HttpContext, Task> Slow(TimeSpan delay, Func<HttpContext, Task> then) => async ctx =>
    {
        try
        {
            await Task.Delay(delay, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await then(ctx);
    };

    /// <summary>Announces the whole body, sends the first <paramref name="sent"/> bytes, then drops the connection.</summary>
    public static Func<HttpContext, Task> CutAfter(byte[] body, int sent) => async ctx =>
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body.AsMemory(0, sent));
        await ctx.Response.Body.FlushAsync();
        ctx.Abort();
    };

    /// <summary>Streams a body without Content-Length (chunked), so only the client's own cap can stop it.</summary>
    public static Func<HttpContext, Task> Chunked(byte[] body) => async ctx =>
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        for (var offset = 0; offset < body.Length; offset += 16384)
        {
            await ctx.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(16384, body.Length - offset)));
        }
    };
}
