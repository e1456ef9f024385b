namespace Velib.Core.Postcodes;

/// <summary>
/// Starts calls at most <c>perSecond</c> a second, one every <c>1/perSecond</c> s, waiting on the given clock.
/// The limiters of System.Threading.RateLimiting cannot take a <see cref="TimeProvider"/>: they read
/// <c>Stopwatch</c> and, auto-replenishing, run their own timer, so a test clock could not drive them.
/// </summary>
internal sealed class RequestPacing(TimeProvider time, int perSecond)
{
    private readonly Lock gate = new();
    private readonly long interval = time.TimestampFrequency / perSecond;
    private long nextTurn = long.MinValue;

    /// <summary>Waits for this call's turn; a call cancelled while waiting still uses its turn.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        long now;
        long turn;
        lock (gate)
        {
            now = time.GetTimestamp();
            turn = Math.Max(now, nextTurn);
            nextTurn = turn + interval;
        }

        return turn == now ? Task.CompletedTask : Task.Delay(time.GetElapsedTime(now, turn), time, cancellationToken);
    }
}
