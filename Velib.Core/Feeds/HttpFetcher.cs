using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Velib.Core.Feeds;

/// <summary>
/// Reads one HTTP resource whole, through a Polly pipeline: a timeout per attempt, and retries with exponential
/// back-off and jitter on transient failures (network errors, timeouts, a body cut short, 408, 429, 5xx), honouring
/// <c>Retry-After</c> up to <see cref="FetchPolicy.MaxRetryAfter"/>. Redirects are not followed. Anything else
/// (4xx, a body over the cap) fails at once with a <see cref="FeedException"/>. A name that does not resolve or a
/// refused connection is retried only once this fetcher has had an HTTP answer (the two feeds share one fetcher and
/// one host): before that it most likely means no network or a wrong address, and fails at once with a
/// <see cref="FeedUnreachableException"/>.
/// </summary>
internal sealed class HttpFetcher(HttpClient client, FetchPolicy policy, TimeProvider timeProvider)
{
    private readonly ResiliencePipeline<Attempt> pipeline = BuildPipeline(policy, timeProvider);
    private volatile bool answered;

    /// <summary>Returns the body of a 2xx answer.</summary>
    /// <exception cref="FeedException">The resource could not be read; the message says why in one line.</exception>
    public async Task<byte[]> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        Attempt last;
        try
        {
            last = await pipeline.ExecuteAsync(static (state, ct) => state.Fetcher.AttemptAsync(state.Uri, ct), (Fetcher: this, Uri: uri), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BrokenCircuitException or TimeoutRejectedException or HttpRequestException or IOException)
        {
            var retried = $"(after {policy.MaxRetries} retries)";
            throw new FeedException(ex switch
            {
                BrokenCircuitException => $"{Describe(uri)}: not called, the service failed {policy.BreakAfterFailures} times in a row (retried after {policy.BreakDuration.TotalSeconds:0} s)",
                TimeoutRejectedException => $"{Describe(uri)}: no answer within {policy.AttemptTimeout.TotalSeconds:0.###} s {retried}",
                IOException => $"{Describe(uri)}: body cut short: {OneLine(ex)} {retried}",
                _ => $"{Describe(uri)}: {OneLine(ex)} {retried}",
            }, ex);
        }

        if (last.Body is { } body)
        {
            return body;
        }

        throw new FeedException($"{Describe(uri)}: HTTP {(int)last.Status} {last.Status}{(IsTransient(last.Status) ? $" (after {policy.MaxRetries} retries)" : "")}");
    }

    private async ValueTask<Attempt> AttemptAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        answered = true;

        var status = response.StatusCode;
        if ((int)status is >= 300 and < 400)
        {
            var target = response.Headers.Location is { } location ? new Uri(uri, location) : null;
            throw new FeedException($"{Describe(uri)}: redirect (HTTP {(int)status}) to {(target is null ? "nowhere" : Describe(target))} not followed; configure the final URL");
        }

        if (!response.IsSuccessStatusCode)
        {
            return new Attempt(status, null, RetryAfter(response));
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > policy.MaxBytes)
        {
            throw new FeedException($"{Describe(uri)}: body of {declared} bytes is over the {policy.MaxBytes}-byte limit");
        }

        var body = await ReadCappedAsync(uri, response.Content, cancellationToken).ConfigureAwait(false);
        return new Attempt(status, body, null);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (!answered && ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError)
        {
            throw new FeedUnreachableException($"{Describe(uri)}: {OneLine(ex)} (not retried: no answer from this host yet)", ex);
        }
    }

    /// <summary>
    /// The body, refused past the cap. A body shorter than its <c>Content-Length</c> makes the handler throw an
    /// <see cref="HttpIOException"/> (an <see cref="IOException"/>: "body cut short", retried).
    /// </summary>
    private async Task<byte[]> ReadCappedAsync(Uri uri, HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(capacity: (int)Math.Min(content.Headers.ContentLength ?? 256 * 1024, policy.MaxBytes));
            var chunk = new byte[81920];
            for (int read; (read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0; buffer.Write(chunk, 0, read))
            {
                if (buffer.Length + read > policy.MaxBytes)
                {
                    throw new FeedException($"{Describe(uri)}: body is over the {policy.MaxBytes}-byte limit");
                }
            }

            return buffer.ToArray();
        }
    }

    private static ResiliencePipeline<Attempt> BuildPipeline(FetchPolicy policy, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = timeProvider };
        if (policy.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = policy.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.RetryBaseDelay,
                ShouldHandle = static args => IsTransientOutcome(args.Outcome),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result.RetryAfter),
            });
        }

        if (policy.BreakAfterFailures > 0)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<Attempt>
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, policy.BreakAfterFailures),
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = policy.BreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : policy.BreakDuration,
                ShouldHandle = static args => IsTransientOutcome(args.Outcome),
            });
        }

        builder.AddTimeout(policy.AttemptTimeout);
        return builder.Build();
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for (a delay or a date), from zero to <see cref="FetchPolicy.MaxRetryAfter"/>; null without one.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? header?.Date - timeProvider.GetUtcNow();
        return wait is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, policy.MaxRetryAfter.Ticks)) : null;
    }

    private static ValueTask<bool> IsTransientOutcome(Outcome<Attempt> outcome) => ValueTask.FromResult(outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Result: { Body: null } attempt } => IsTransient(attempt.Status),
        _ => false,
    });

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// Scheme, host, port and path only: user info (<c>user:password@</c>) and the query string may carry a secret
    /// and never go to a log or an exception message.
    /// </summary>
    internal static string Describe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>
    /// The message on one line, with the causes it does not already say: <c>An error occurred while sending the
    /// request</c> alone does not tell a reset connection from a refused one.
    /// </summary>
    private static string OneLine(Exception ex)
    {
        var message = ex.Message.TrimEnd('.');
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            var cause = inner.Message.TrimEnd('.');
            if (cause.Length > 0 && !message.Contains(cause, StringComparison.OrdinalIgnoreCase))
            {
                message = $"{message}: {cause}";
            }
        }

        return message.ReplaceLineEndings(" ");
    }

    private readonly record struct Attempt(HttpStatusCode Status, byte[]? Body, TimeSpan? RetryAfter);
}
