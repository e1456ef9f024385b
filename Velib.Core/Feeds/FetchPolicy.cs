namespace Velib.Core.Feeds;

/// <summary>How one resource is fetched: attempt timeout, retries, back-off, the size cap, and an optional circuit breaker.</summary>
/// <param name="BreakAfterFailures">Transient failures in a row after which calls fail fast for <paramref name="BreakDuration"/>; 0 for none.</param>
internal sealed record FetchPolicy(
    TimeSpan AttemptTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    TimeSpan MaxRetryAfter,
    int MaxBytes,
    int BreakAfterFailures = 0,
    TimeSpan BreakDuration = default);
