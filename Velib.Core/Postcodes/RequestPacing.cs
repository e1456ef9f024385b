namespace Velib.Core.Postcodes;

// Hand-written: System.Threading.RateLimiting's limiters take no TimeProvider, so a test clock could not drive them.
/// <summary>Starts requests one every <c>1/perSecond</c> s on the given clock; a request cancelled while waiting still uses its turn.</summary>
internal sealed class RequestPacing(TimeProvider time, int perSecond)
{
    public const int GeocoderPerSecond = 10;

    private readonly Lock gate = new();
    private readonly long interval = time.TimestampFrequency / perSecond;
    private long nextTurn = long.MinValue;

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

        return Task.Delay(time.GetElapsedTime(now, turn), time, cancellationToken);
    }
}
