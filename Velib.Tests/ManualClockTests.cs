using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The test clock itself: a wait through it ends when the clock is advanced, not before.</summary>
public sealed class ManualClockTests
{
    [Fact]
    public async Task A_delay_ends_when_the_clock_passes_its_due_time_and_not_before()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        var delay = Task.Delay(TimeSpan.FromSeconds(30), clock);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(ManualClock.HangLimit);
        Assert.Equal(start.AddSeconds(30), clock.GetUtcNow());
    }

    [Fact]
    public async Task A_cancellation_deadline_fires_on_the_clock()
    {
        var clock = new ManualClock();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1), clock);
        await clock.WaitForTimerAsync(TimeSpan.FromMinutes(1));
        Assert.False(deadline.IsCancellationRequested);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(deadline.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_passes_the_waits_within_the_horizon_at_once_and_leaves_later_timers_alone()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        using var attemptTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(5), clock);

        var end = await clock.RunAsync(TwoDelaysAsync(clock), TimeSpan.FromSeconds(10));

        Assert.Equal(start.AddSeconds(5), end);
        Assert.False(attemptTimeout.IsCancellationRequested);
        Assert.Equal([TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(5)], clock.PendingDueTimes);
    }

    private static async Task<DateTimeOffset> TwoDelaysAsync(ManualClock clock)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), clock);
        await Task.Delay(TimeSpan.FromSeconds(3), clock);
        return clock.GetUtcNow();
    }
}
