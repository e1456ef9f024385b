using System.Globalization;

namespace Velib.Cli.Output;

/// <summary>Runs a pass N times and reports the median time of one pass on the CLI's clock (for <c>--repeat</c>).</summary>
internal static class PassTimer
{
    /// <summary>Runs <paramref name="pass"/> <paramref name="times"/> times; only the first pass writes warnings.</summary>
    public static async Task<T> RepeatAsync<T>(int times, Func<Task<T>> pass, TextWriterLoggerProvider log, CliContext cli, CancellationToken cancellationToken)
    {
        // Grown as passes run: a count asked up front (--repeat 2147483647) is no array to allocate before the first.
        var elapsed = new List<double>(Math.Min(times, 1024));
        T result = default!;
        for (var i = 0; i < times; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = cli.Time.GetTimestamp();
            result = await pass().ConfigureAwait(false);
            elapsed.Add(cli.Time.GetElapsedTime(start).TotalMilliseconds);
            log.Muted = true;
        }

        log.Muted = false;

        if (times > 1)
        {
            elapsed.Sort();
            var median = times % 2 == 1 ? elapsed[times / 2] : (elapsed[(times / 2) - 1] + elapsed[times / 2]) / 2;
            cli.Info(string.Create(CultureInfo.InvariantCulture, $"median of {times} passes: {median:0.000} ms"));
        }

        return result;
    }
}
