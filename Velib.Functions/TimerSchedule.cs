using System.Globalization;
using NCrontab;

namespace Velib.Functions;

/// <summary>
/// Reads a timer trigger's schedule, as the Functions host takes it: an NCRONTAB expression, with seconds first unless
/// it has five fields, or a <c>hh:mm:ss</c> period.
/// </summary>
internal static class TimerSchedule
{
    /// <summary>Ticks looked at from <c>from</c>: the shortest gap of a schedule whose pattern repeats within 100 ticks is among them.</summary>
    private const int TicksExamined = 100;

    /// <summary>The shortest interval between two ticks after <paramref name="from"/>; null for a schedule it cannot read.</summary>
    public static TimeSpan? ShortestInterval(string schedule, DateTime from)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // The host's own rule (CronSchedule in the WebJobs timer extension): five fields have no seconds.
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields != 5 });
        if (cron is null)
        {
            return TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var period) && period > TimeSpan.Zero ? period : null;
        }

        var ticks = cron.GetNextOccurrences(from, from.AddYears(1)).Take(TicksExamined).ToArray();
        return ticks.Length < 2 ? null : ticks.Zip(ticks.Skip(1), (earlier, later) => later - earlier).Min();
    }
}
