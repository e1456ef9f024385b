namespace Velib.Tests.Support;

/// <summary>A clock stopped at one instant (timers still run on real time).</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
