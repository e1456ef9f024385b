using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;

namespace Velib.Functions;

/// <summary>
/// Checks at start-up that <see cref="VelibOptions.TickDeadline"/> is shorter than the shortest interval between two
/// ticks of <c>VelibSchedule</c> (<see cref="TimerSchedule"/>; both are compiled into Velib.Tests and tested there), so that a slow tick fails
/// before the next one is due; a schedule it cannot read is left to the host, which rejects it.
/// </summary>
internal sealed class TickDeadlineFitsSchedule(IConfiguration configuration, TimeProvider timeProvider) : IValidateOptions<VelibOptions>
{
    public ValidateOptionsResult Validate(string? name, VelibOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schedule = configuration[AppSettings.ScheduleName];
        if (string.IsNullOrWhiteSpace(schedule) || TimerSchedule.ShortestInterval(schedule, timeProvider.GetUtcNow().UtcDateTime) is not { } interval)
        {
            return ValidateOptionsResult.Skip;
        }

        return options.TickDeadline < interval
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Velib:TickDeadline: {options.TickDeadline} is not shorter than {interval}, the shortest interval between two ticks of {AppSettings.ScheduleName} '{schedule}'");
    }
}
