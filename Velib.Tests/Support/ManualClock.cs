using System.Diagnostics;

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

    /// <summary>
    /// The real time a test waits for what real sockets and threads do before it fails instead of hanging: far beyond
    /// what any step takes on a loaded machine, so that only a hang reaches it.
    /// </summary>
    public static TimeSpan HangLimit { get; } = TimeSpan.FromMinutes(2);

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

    /// <summary>Polls (in real time, up to <see cref="HangLimit"/>) until a timer due at least <paramref name="atLeast"/> from now is armed.</summary>
    public Task WaitForTimerAsync(TimeSpan atLeast) => WaitUntilAsync(() => PendingDueTimes.Any(d => d >= atLeast));

    /// <summary>Polls (in real time, up to <see cref="HangLimit"/>) until <paramref name="condition"/> holds: for what a real socket does.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(HangLimit);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), limit.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Awaits <paramref name="work"/>, moving the clock to its earliest pending timer whenever
    /// <paramref name="mayFire"/> allows that timer's due time. Waits through this clock then take no real time;
    /// what the work waits for on real sockets still does. Work still unfinished after <see cref="HangLimit"/> of real
    /// time fails the test (with the timers it waits for) instead of hanging it.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work, Func<TimeSpan, bool> mayFire)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(mayFire);
        var limit = Stopwatch.StartNew();
        while (!work.IsCompleted)
        {
            if (limit.Elapsed > HangLimit)
            {
                throw new TimeoutException($"still waiting after {HangLimit} of real time; timers pending in: {string.Join(", ", PendingDueTimes)}");
            }

            if (PendingDueTimes is [var due, ..] && mayFire(due))
            {
                Advance(due);
            }
            else
            {
                await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(2))).ConfigureAwait(false);
            }
        }

        return await work.ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="RunAsync{T}(Task{T}, Func{TimeSpan, bool})"/> firing every timer due within <paramref name="horizon"/>
    /// (back-off, <c>Retry-After</c>) and none due later (an attempt's timeout, set longer): a real answer comes first.
    /// </summary>
    public Task<T> RunAsync<T>(Task<T> work, TimeSpan horizon) => RunAsync(work, due => due <= horizon);

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
