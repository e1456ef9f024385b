using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NCrontab;
using Velib.Core.Configuration;

namespace Velib.Functions;

/// <summary>
/// Checks at start-up that <see cref="VelibOptions.TickDeadline"/> is shorter than the shortest interval between two
/// ticks of <c>VelibSchedule</c>, so that a slow tick fails before the next one is due. The schedule is read with
/// NCrontab (six fields, seconds first, the format of timer triggers); a <c>hh:mm:ss</c> period is read as a
/// <see cref="TimeSpan"/>; anything else is left to the host, which rejects a schedule it cannot read.
/// </summary>
internal sealed class TickDeadlineFitsSchedule(IConfiguration configuration, TimeProvider timeProvider) : IValidateOptions<VelibOptions>
{
    /// <summary>Ticks looked at from now: the shortest gap of a schedule whose pattern repeats within 100 ticks is among them.</summary>
    private const int TicksExamined = 100;

    public ValidateOptionsResult Validate(string? name, VelibOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schedule = configuration[AppSettings.ScheduleName];
        if (string.IsNullOrWhiteSpace(schedule) || ShortestInterval(schedule, timeProvider.GetUtcNow().UtcDateTime) is not { } interval)
        {
            return ValidateOptionsResult.Skip;
        }

        return options.TickDeadline < interval
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Velib:TickDeadline: {options.TickDeadline} is not shorter than {interval}, the shortest interval between two ticks of {AppSettings.ScheduleName} '{schedule}'");
    }

    private static TimeSpan? ShortestInterval(string schedule, DateTime from)
    {
        var cron = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (cron is null)
        {
            return TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var period) && period > TimeSpan.Zero ? period : null;
        }

        var ticks = cron.GetNextOccurrences(from, from.AddYears(1)).Take(TicksExamined).ToArray();
        return ticks.Length < 2 ? null : ticks.Zip(ticks.Skip(1), (earlier, later) => later - earlier).Min();
    }
}
