using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Velib.Core.Feeds;

/// <summary>One GET through a client set up by <see cref="HttpPipelines"/>, its failure said in one line.</summary>
internal static class HttpDocument
{
    /// <param name="answers">Where a refused connection before any answer fails at once; null to retry it.</param>
    public static async Task<byte[]> GetAsync(HttpClient client, Uri uri, int retries, HttpAnswers? answers, CancellationToken cancellationToken)
    {
        var where = FeedLocation.Describe(uri);
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            // A 304 answers a conditional request, which is never sent: an HTTP error like any other.
            if ((int)status is >= 300 and < 400 and not 304)
            {
                var target = response.Headers.Location is { } location && Uri.TryCreate(uri, location, out var resolved) ? FeedLocation.Describe(resolved)
                    : response.Headers.NonValidated.Contains("Location") ? "a location that is not a URL"
                    : "nowhere";
                throw new FeedException($"{where}: redirect (HTTP {(int)status}) to {target} not followed; configure the final URL");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FeedException($"{where}: HTTP {(int)status}{(Enum.IsDefined(status) ? $" {status}" : "")}{(HttpPipelines.IsTransient(Outcome.FromResult(response)) ? $" (after {retries} retries)" : "")}");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (answers?.From(uri) == false && ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError)
        {
            throw new FeedUnreachableException($"{where}: {OneLine(ex)} (not retried: no answer from this host yet)", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutRejectedException or BrokenCircuitException)
        {
            throw new FeedException(ex switch
            {
                BrokenCircuitException => $"{where}: not called: the service has been failing; tried again in {HttpPipelines.BreakDuration.TotalMinutes:0} minutes",
                TimeoutRejectedException timeout => $"{where}: no answer within {timeout.Timeout.TotalSeconds:0.###} s (after {retries} retries)",
                IOException => $"{where}: body cut short: {OneLine(ex)} (after {retries} retries)",
                _ => $"{where}: {OneLine(ex)} (after {retries} retries)",
            }, ex);
        }
    }

    // "An error occurred while sending the request" alone does not tell a reset from a refusal: the causes are added.
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
}
