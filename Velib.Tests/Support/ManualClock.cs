namespace Velib.Tests.Support;

/// <summary>
/// A clock that moves only when a test says so: <see cref="Advance"/> moves it and fires every timer that falls due,
/// in order. Everything that waits through a <see cref="TimeProvider"/> (Polly's delays and timeouts,
/// <c>Task.Delay(…, TimeProvider)</c>, <c>new CancellationTokenSource(delay, TimeProvider)</c>) then waits on this
/// clock, not on the real one. <c>Microsoft.Extensions.TimeProvider.Testing</c>'s FakeTimeProvider does the same,
/// but is not in the NuGet copy this project builds from.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<Timer> timers = [];
    private DateTimeOffset now = start;

    public ManualClock()
        : this(new DateTimeOffset(2025, 10, 18, 9, 10, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>The due times, from now, of the timers armed and not yet fired.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes
    {
        get
        {
            lock (gate)
            {
                return [.. timers.Where(t => t.DueAt is not null).Select(t => t.DueAt!.Value - now).Order()];
            }
        }
    }

    /// <summary>Moves the clock forward, firing each timer that falls due on the way, at its own time.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + delta;
        }

        while (true)
        {
            Timer? next;
            lock (gate)
            {
                next = timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    now = target;
                    return;
                }

                now = next.DueAt!.Value;
                next.DueAt = next.Period is { } period && period > TimeSpan.Zero ? now + period : null;
            }

            next.Fire();
        }
    }

    /// <summary>Polls (in real time, bounded) until a timer due at least <paramref name="atLeast"/> from now is armed.</summary>
    public async Task WaitForTimerAsync(TimeSpan atLeast, TimeSpan? realTimeLimit = null)
    {
        using var limit = new CancellationTokenSource(realTimeLimit ?? TimeSpan.FromSeconds(10));
        while (!PendingDueTimes.Any(d => d >= atLeast))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), limit.Token).ConfigureAwait(false);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        lock (gate)
        {
            timers.Add(timer);
        }

        return timer;
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                DueAt = null;
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
