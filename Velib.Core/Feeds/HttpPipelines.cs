using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Velib.Core.Configuration;
using Velib.Core.Postcodes;

namespace Velib.Core.Feeds;

/// <summary>The two HTTP clients: redirects never followed, and retries, timeouts and circuit breaking by the resilience handler.</summary>
internal static class HttpPipelines
{
    public const int GeocoderRetries = 1;
    public const int GeocoderMaxBytes = 256 * 1024;
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromMinutes(10);

    public static void AddFeedClient(IServiceCollection services) =>
        AddClient(services, FeedReader.HttpClientName, (pipeline, options, time, provider) =>
            {
                if (options.MaxRetries > 0)
                {
                    var answers = provider.GetRequiredService<HttpAnswers>();
                    pipeline.AddRetry(Retry(options.MaxRetries, TimeSpan.FromSeconds(1), MaxRetryAfter, time, (outcome, uri) => outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError }
                        ? answers.From(uri)
                        : IsTransient(outcome)));
                }
            })
            .AddHttpMessageHandler(p => new AttemptHandler(FeedReader.MaxBytes, p.GetRequiredService<HttpAnswers>(), null));

    /// <summary>One retry, and a breaker that opens when five or more attempts in the last ten minutes all failed: an outage (or a wrong URL, or a hang, whose cut attempts count) costs five calls, not one or two per station.</summary>
    public static void AddGeocoderClient(IServiceCollection services, string name) =>
        AddClient(services, name, (pipeline, _, time, _) => pipeline
                .AddRetry(Retry(GeocoderRetries, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), time, (outcome, _) => IsTransient(outcome)))
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
                {
                    FailureRatio = 1.0,
                    MinimumThroughput = 5,
                    SamplingDuration = BreakDuration,
                    BreakDuration = BreakDuration,
                    // A redirect (never followed) or a client error (a wrong URL's 404, a 403) is not retried, but fails
                    // every station alike: it counts too. So does an attempt cut by the look-ups' budget (a hang: one
                    // or two a tick, which only a window as long as the cool-down adds up to five).
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Exception is OperationCanceledException || (int?)args.Outcome.Result?.StatusCode is >= 300 and < 500),
                }))
            .AddHttpMessageHandler(p => new AttemptHandler(GeocoderMaxBytes, null, p.GetRequiredService<RequestPacing>()));

    // The library's rule (HTTP 408, 429 or 5xx, a failed request, a timeout) misses a body cut short, which AttemptHandler throws.
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception is IOException || HttpClientResiliencePredicates.IsTransient(outcome);

    // The library's exponential back-off with jitter; Retry-After is read here, as the library's has no cap (MaxDelay spares it).
    private static HttpRetryStrategyOptions Retry(int retries, TimeSpan delay, TimeSpan maxRetryAfter, TimeProvider time, Func<Outcome<HttpResponseMessage>, Uri, bool> transient) => new()
    {
        MaxRetryAttempts = retries,
        Delay = delay,
        ShouldHandle = args => ValueTask.FromResult(transient(args.Outcome, args.Context.GetRequestMessage()!.RequestUri!)),
        DelayGenerator = args =>
        {
            // A date already past (the server's clock behind ours) is no wait asked: the back-off, not a burst of retries.
            var header = args.Outcome.Result?.Headers.RetryAfter;
            var wait = header?.Delta ?? (header?.Date - time.GetUtcNow() is { Ticks: > 0 } ahead ? ahead : null);
            return ValueTask.FromResult(wait is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, maxRetryAfter.Ticks)) : (TimeSpan?)null);
        },
    };

    // Added later is inner: AttemptHandler runs inside each attempt of the pipeline, and the timeout, added last, bounds it.
    private static IHttpClientBuilder AddClient(IServiceCollection services, string name, Action<ResiliencePipelineBuilder<HttpResponseMessage>, VelibOptions, TimeProvider, IServiceProvider> strategies)
    {
        var client = services.AddHttpClient(name, client =>
            {
                // The pipeline's per-attempt timeout governs; the client's own would cut the retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("velib-pipeline/1.0 (+https://github.com/velib-pipeline)");
                client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                // No ConnectTimeout: the pipeline's per-attempt timeout covers the connection too, as a timeout that is
                // retried and named; the handler's own, on the real clock, ended an attempt as a bare cancellation.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<VelibOptions>>().Value;
            var time = pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            strategies(pipeline, options, time, context.ServiceProvider);
            pipeline.AddTimeout(options.FeedTimeout);
        });
        return client;
    }

    // Paced inside the pipeline, calls the open breaker refuses wait no turn. The library reads no body: buffered inside
    // each attempt, a body cut short is retried and one over the cap fails at once.
    private sealed class AttemptHandler(int maxBytes, HttpAnswers? answers, RequestPacing? pacing) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (pacing is not null)
            {
                await pacing.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            answers?.Record(request.RequestUri!);
            try
            {
                if (response.IsSuccessStatusCode)
                {
                    await response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken).ConfigureAwait(false);
                }

                return response;
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
            {
                var body = response.Content.Headers.ContentLength is { } length ? $"body of {length} bytes" : "body";
                response.Dispose();
                throw new FeedException($"{FeedLocation.Describe(request.RequestUri!)}: {body} is over the {maxBytes}-byte limit", ex);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException)
            {
                // A gzip or br body that does not decode is the server's answer, not a failed transfer: said, not retried.
                response.Dispose();
                throw new FeedException($"{FeedLocation.Describe(request.RequestUri!)}: compressed body that does not decode: {ex.Message.TrimEnd('.')}", ex);
            }
            catch (HttpRequestException ex) when (ex.InnerException is IOException cut)
            {
                // The library wraps a body cut short as a failed request; unwrapped, HttpDocument can say which it was.
                response.Dispose();
                throw cut;
            }
            catch
            {
                // Cancelled while the body is read (the attempt's timeout, the tick's deadline): no one else holds it.
                response.Dispose();
                throw;
            }
        }
    }
}
