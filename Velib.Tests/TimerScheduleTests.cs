using Velib.Functions;

namespace Velib.Tests;

/// <summary>The shortest interval of a timer schedule, which the Functions app checks <c>Velib:TickDeadline</c> against.</summary>
public class TimerScheduleTests
{
    private static readonly DateTime From = new(2025, 10, 18, 9, 9, 16, DateTimeKind.Utc);

    [Theory]
    [InlineData("0 */1 * * * *", 60)] // the default: every minute
    [InlineData("*/30 * * * * *", 30)]
    [InlineData("0 0,10 * * * *", 600)] // 10 then 50 minutes apart: the shorter counts
    [InlineData("0 0 * * * *", 3600)]
    [InlineData("00:05:00", 300)] // a period, as the host also accepts
    [InlineData("*/2 * * * *", 120)] // five fields: minutes first, as the host reads them too
    public void The_shortest_interval_between_two_ticks(string schedule, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TimerSchedule.ShortestInterval(schedule, From));

    [Theory]
    [InlineData("every minute")]
    [InlineData("0 */1 * * * * *")] // seven fields
    [InlineData("00:00:00")]
    public void A_schedule_it_cannot_read_gives_no_interval(string schedule) =>
        Assert.Null(TimerSchedule.ShortestInterval(schedule, From));
}
