using System.Diagnostics;
using System.IO.Pipes;
using Microsoft.Extensions.DependencyInjection;
using Velib.Core.Feeds;
using Velib.Core.Snapshots;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// <c>Velib:TickDeadline</c> bounds the whole tick: retries and <c>Retry-After</c> waits included. The waits run on a
/// <see cref="TestClock"/>, so a tick of more than a minute is played in milliseconds; the feeds are served by a
/// real HTTP server on 127.0.0.1.
/// </summary>
[Collection(NetworkTests.Name)]
public class TickDeadlineTests
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Retry_After_waits_beyond_the_deadline_fail_the_tick_at_the_deadline()
    {
        await using var healthy = await Faults.HealthyAsync(FeedKind.Information);
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "30"));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var start = clock.GetUtcNow();
        var settings = Faults.OneFaultyFeed(FeedKind.Status, busy.Url("station_status.json").ToString(), healthy,
            ("TickDeadline", "00:00:45"), ("MaxRetries", "3"));
        using var services = Pipeline.Build(settings, clock);
        var tick = services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None);

        // 0 s: first answer 429, the retry waits 30 s. 30 s: second answer 429, the next retry would start at 60 s.
        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Contains(RetryAfter));
        clock.Advance(RetryAfter);
        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Contains(RetryAfter));
        Assert.False(tick.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(15));

        var error = await Assert.ThrowsAsync<FeedException>(() => tick.WaitAsync(RealTime.HangLimit));
        // The information document may still be in flight when the clock jumps: then it is named too, after.
        Assert.StartsWith($"tick deadline of 45 s exceeded while reading {busy.Url("station_status.json")}", error.Message, StringComparison.Ordinal);
        Faults.AssertOneLine(error.Message);
        Assert.Equal(2, busy.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(45), clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task The_deadline_names_every_document_still_being_read()
    {
        await using var silent = await LoopbackServer.StartAsync(Respond.Slow(TimeSpan.FromMinutes(10), Respond.Json(Fixture.Status)));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var (status, information) = (silent.Url("station_status.json"), silent.Url("station_information.json"));
        using var services = Pipeline.Build(Faults.FeedSettings(status.ToString(), information.ToString(), ("TickDeadline", "00:00:05"), ("FeedTimeout", "00:01:00")), clock);
        var tick = services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None);

        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Contains(TimeSpan.FromSeconds(5)));
        clock.Advance(TimeSpan.FromSeconds(5));

        // It said "tick deadline of 5 s exceeded" alone: neither which feed hung nor that a feed did.
        var error = await Assert.ThrowsAsync<FeedException>(() => tick.WaitAsync(RealTime.HangLimit));
        Assert.Equal($"tick deadline of 5 s exceeded while reading {status} and {information}", error.Message);
    }

    /// <summary>A feed from a FIFO nobody opened for writing, or a pipe nobody writes to (<c>--status &lt;(sleep 60; curl …)</c>).</summary>
    [Theory]
    [InlineData("fifo")]
    [InlineData("pipe")]
    public async Task A_local_pipe_that_never_delivers_fails_the_tick_at_the_deadline(string kind)
    {
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        var fifo = Path.Combine(Path.GetTempPath(), $"velib-{Guid.NewGuid():N}.fifo");
        if (kind == "fifo")
        {
            using var mkfifo = Process.Start("mkfifo", [fifo]);
            await mkfifo.WaitForExitAsync().WaitAsync(RealTime.HangLimit);
        }

        try
        {
            var clock = new TestClock(Fixture.StatusPublishedAt);
            var settings = Pipeline.RecordedSettings().With(
                ("StatusLocation", kind == "fifo" ? fifo : $"/proc/self/fd/{writer.GetClientHandleAsString()}"), ("TickDeadline", "00:00:05"));
            using var services = Pipeline.Build(settings, clock);

            // Started apart: before the fix, opening the FIFO blocked the caller itself.
            var tick = Task.Run(() => services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None));
            await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Contains(TimeSpan.FromSeconds(5)));
            clock.Advance(TimeSpan.FromSeconds(5));

            var error = await Assert.ThrowsAsync<FeedException>(() => tick.WaitAsync(RealTime.HangLimit));
            Assert.StartsWith($"tick deadline of 5 s exceeded while reading {settings["Velib:StatusLocation"]}", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (File.Exists(fifo))
            {
                // Opened for reading and writing, a FIFO never waits: the read left behind, if it began, gets its end.
                new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite).Dispose();
                File.Delete(fifo);
            }
        }
    }

    [Fact]
    public async Task Within_the_deadline_the_retries_recover_the_tick()
    {
        await using var healthy = await Faults.HealthyAsync(FeedKind.Information);
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "30"), Respond.Json(Fixture.Status));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var settings = Faults.OneFaultyFeed(FeedKind.Status, busy.Url("station_status.json").ToString(), healthy,
            ("TickDeadline", "00:00:45"));
        using var services = Pipeline.Build(settings, clock);
        var tick = services.GetRequiredService<SnapshotService>().TakeAsync(CancellationToken.None);

        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Contains(RetryAfter));
        clock.Advance(RetryAfter);

        var snapshot = await tick.WaitAsync(RealTime.HangLimit);
        Assert.Equal(["16107", "32017"], snapshot.Messages.Select(m => m.StationCode));
        Assert.Equal(2, busy.RequestCount);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_a_cancellation_not_a_deadline_error()
    {
        await using var healthy = await Faults.HealthyAsync(FeedKind.Information);
        await using var busy = await LoopbackServer.StartAsync(Respond.Status(429, retryAfter: "30"));
        var clock = new TestClock(Fixture.StatusPublishedAt);
        var settings = Faults.OneFaultyFeed(FeedKind.Status, busy.Url("station_status.json").ToString(), healthy,
            ("TickDeadline", "00:00:45"));
        using var services = Pipeline.Build(settings, clock);
        using var caller = new CancellationTokenSource();
        var tick = services.GetRequiredService<SnapshotService>().TakeAsync(caller.Token);

        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Contains(RetryAfter));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tick.WaitAsync(RealTime.HangLimit));
    }

    /// <summary>Only the deadline is named as the deadline: a cancellation neither it nor the caller made passes through as it is.</summary>
    [Fact]
    public async Task A_cancellation_the_deadline_did_not_cause_is_not_called_the_deadline()
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings(), new TestClock(Fixture.StatusPublishedAt));

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            services.GetRequiredService<SnapshotService>().WithinDeadlineAsync<int>((_, _) => throw new OperationCanceledException(), CancellationToken.None));
    }
}
