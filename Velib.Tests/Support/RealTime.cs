namespace Velib.Tests.Support;

/// <summary>The real time a test may spend on what real sockets, threads and processes do, before it fails instead of hanging.</summary>
public static class RealTime
{
    /// <summary>Far beyond what any step takes on a loaded machine, so that only a hang reaches it.</summary>
    public static TimeSpan HangLimit { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Polls until <paramref name="condition"/> holds: for what a real socket or thread does.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var limit = new CancellationTokenSource(HangLimit);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), limit.Token).ConfigureAwait(false);
        }
    }
}
