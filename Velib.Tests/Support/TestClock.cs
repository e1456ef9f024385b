using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Velib.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also lists the timers armed on it and not yet due, which FakeTimeProvider
/// does not: a test passes exactly the waits it expects (back-off, <c>Retry-After</c>) while real sockets answer.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    // Held while the time moves and while a timer is armed, so that the due time listed is the one the timer has.
    private readonly Lock gate = new();
    private readonly HashSet<ListedTimer> armed = [];

    /// <summary>The due times, from now, of the timers armed and not yet due.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes
    {
        get
        {
            lock (gate)
            {
                var now = GetUtcNow();
                return [.. armed.Select(t => t.DueAt - now).Where(d => d > TimeSpan.Zero).Order()];
            }
        }
    }

    /// <summary><see cref="FakeTimeProvider.Advance"/>, with no timer armed meanwhile.</summary>
    public new void Advance(TimeSpan delta)
    {
        lock (gate)
        {
            base.Advance(delta);
        }
    }

    /// <summary>
    /// Awaits <paramref name="work"/>, moving the clock to its earliest pending timer whenever <paramref name="mayFire"/>
    /// allows that timer's due time; what the work waits for on real sockets still takes real time, up to
    /// <see cref="RealTime.HangLimit"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work, Func<TimeSpan, bool> mayFire)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(mayFire);
        var limit = Stopwatch.StartNew();
        while (!work.IsCompleted)
        {
            if (limit.Elapsed > RealTime.HangLimit)
            {
                var pending = string.Join(", ", PendingDueTimes);
                _ = RunFreeAsync();
                throw new TimeoutException($"still waiting after {RealTime.HangLimit} of real time; timers pending in: {pending}");
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

    // The test has failed: time is let run, so that what still waits on this clock ends. Polly's pipelines wait, on
    // their clock, for their executions in progress before they are disposed: a test that failed here hung there.
    private async Task RunFreeAsync()
    {
        var free = Stopwatch.StartNew();
        while (free.Elapsed < RealTime.HangLimit)
        {
            if (PendingDueTimes is [var due, ..])
            {
                Advance(due);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="RunAsync{T}(Task{T}, Func{TimeSpan, bool})"/> firing every timer due within <paramref name="horizon"/>
    /// (back-off, <c>Retry-After</c>) and none due later (an attempt's timeout, set longer): a real answer comes first.
    /// </summary>
    public Task<T> RunAsync<T>(Task<T> work, TimeSpan horizon) => RunAsync(work, due => due <= horizon);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ListedTimer(this, base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ListedTimer(TestClock clock, ITimer timer) : ITimer
    {
        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // A periodic timer would stay due after it fired; nothing these tests run arms one.
            if (period > TimeSpan.Zero)
            {
                throw new NotSupportedException("TestClock does not list periodic timers");
            }

            lock (clock.gate)
            {
                clock.armed.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock.GetUtcNow() + dueTime;
                    clock.armed.Add(this);
                }

                return timer.Change(dueTime, period);
            }
        }

        public void Dispose()
        {
            lock (clock.gate)
            {
                clock.armed.Remove(this);
            }

            timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
