using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Velib.Core.Configuration;
using Velib.Core.Postcodes;

namespace Velib.Core.Feeds;

/// <summary>The two HTTP clients: redirects never followed, and retries, timeouts and circuit breaking by the resilience handler.</summary>
internal static class HttpPipelines
{
    public const int GeocoderRetries = 1;
    public const int GeocoderMaxBytes = 256 * 1024;
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan GeocoderMaxRetryAfter = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromMinutes(10);

    public static void AddFeedClient(IServiceCollection services) =>
        AddClient(services, FeedReader.HttpClientName, null, p => new BodyReader(FeedReader.MaxBytes, p.GetRequiredService<HttpAnswers>()), (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<VelibOptions>>().Value;
                var answers = context.ServiceProvider.GetRequiredService<HttpAnswers>();
                var time = pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(Retry(options.MaxRetries, RetryBaseDelay, MaxRetryAfter, time, (outcome, uri) => outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError }
                        ? answers.From(uri)
                        : IsTransient(outcome)));
                }

                pipeline.AddTimeout(options.FeedTimeout);
            });

    /// <summary>One retry, and a breaker that opens after five failures in a row: an outage costs five calls, not one per station.</summary>
    public static void AddGeocoderClient(IServiceCollection services, string name) =>
        AddClient(services, name, p => new PacingHandler(p.GetRequiredService<RequestPacing>()), _ => new BodyReader(GeocoderMaxBytes, null), (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<VelibOptions>>().Value;
                var time = pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline
                    .AddRetry(Retry(GeocoderRetries, TimeSpan.FromMilliseconds(200), GeocoderMaxRetryAfter, time, (outcome, _) => IsTransient(outcome)))
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
                    {
                        FailureRatio = 1.0,
                        MinimumThroughput = 5,
                        SamplingDuration = TimeSpan.FromMinutes(1),
                        BreakDuration = BreakDuration,
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    })
                    .AddTimeout(options.FeedTimeout);
            });

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    /// <summary>Exponential back-off with jitter, or the server's <c>Retry-After</c> up to <paramref name="maxRetryAfter"/>.</summary>
    private static RetryStrategyOptions<HttpResponseMessage> Retry(int retries, TimeSpan delay, TimeSpan maxRetryAfter, TimeProvider time, Func<Outcome<HttpResponseMessage>, Uri, bool> transient) => new()
    {
        MaxRetryAttempts = retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = delay,
        ShouldHandle = args => ValueTask.FromResult(transient(args.Outcome, args.Context.GetRequestMessage()!.RequestUri!)),
        DelayGenerator = args =>
        {
            var header = args.Outcome.Result?.Headers.RetryAfter;
            var wait = header?.Delta ?? header?.Date - time.GetUtcNow();
            return ValueTask.FromResult(wait is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, maxRetryAfter.Ticks)) : (TimeSpan?)null);
        },
    };

    private static void AddClient(
        IServiceCollection services,
        string name,
        Func<IServiceProvider, DelegatingHandler>? pacing,
        Func<IServiceProvider, DelegatingHandler> bodyReader,
        Action<ResiliencePipelineBuilder<HttpResponseMessage>, ResilienceHandlerContext> pipeline)
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
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });

        // Handlers added first are outermost: the body is read inside each attempt of the pipeline.
        client.AddResilienceHandler(name, pipeline);
        if (pacing is not null)
        {
            client.AddHttpMessageHandler(pacing);
        }

        client.AddHttpMessageHandler(bodyReader);
    }

    // The library reads no body: read inside each attempt, a body cut short is retried, one over the cap fails at once.
    private sealed class BodyReader(int maxBytes, HttpAnswers? answers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            answers?.Record(request.RequestUri!);
            if (!response.IsSuccessStatusCode)
            {
                return response;
            }

            var where = FeedLocation.Describe(request.RequestUri!);
            using var content = response.Content;
            if (content.Headers.ContentLength > maxBytes)
            {
                response.Dispose();
                throw new FeedException($"{where}: body of {content.Headers.ContentLength} bytes is over the {maxBytes}-byte limit");
            }

            using var body = new MemoryStream();
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var chunk = new byte[81920];
                for (int read; (read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0; body.Write(chunk, 0, read))
                {
                    if (body.Length + read > maxBytes)
                    {
                        response.Dispose();
                        throw new FeedException($"{where}: body is over the {maxBytes}-byte limit");
                    }
                }
            }

            response.Content = new ByteArrayContent(body.ToArray());
            foreach (var (key, values) in content.Headers)
            {
                response.Content.Headers.TryAddWithoutValidation(key, values);
            }

            return response;
        }
    }
}
