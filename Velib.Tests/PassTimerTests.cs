using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Velib.Cli;
using Velib.Cli.Output;

namespace Velib.Tests;

/// <summary><c>--repeat</c>: the median of the passes' times on the CLI's clock, and warnings from the first pass only.</summary>
public class PassTimerTests
{
    [Theory]
    [InlineData(new[] { 1, 5, 2, 4, 3 }, "velib: median of 5 passes: 3.000 ms")]
    [InlineData(new[] { 1, 5, 2, 8 }, "velib: median of 4 passes: 3.500 ms")]
    [InlineData(new[] { 7 }, null)]
    public async Task Repeat_reports_the_median_pass_and_only_the_first_pass_warns(int[] milliseconds, string? median)
    {
        var clock = new FakeTimeProvider();
        using var stderr = new StringWriter();
        var cli = new CliContext(Stream.Null, TextWriter.Null, stderr) { Time = clock };
        using var log = new TextWriterLoggerProvider(cli, LogLevel.Warning);
        var logger = log.CreateLogger("pass");
        var passes = 0;
        void Warn(string text) => logger.Log(LogLevel.Warning, default, text, null, (state, _) => state);

        var result = await PassTimer.RepeatAsync(
            milliseconds.Length,
            () =>
            {
                Warn($"pass {passes + 1}");
                clock.Advance(TimeSpan.FromMilliseconds(milliseconds[passes]));
                return Task.FromResult(++passes);
            },
            log,
            cli,
            CancellationToken.None);

        Assert.Equal(milliseconds.Length, result);
        Assert.Equal(["velib: warning: pass 1", .. median is null ? Array.Empty<string>() : [median]], stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Warn("after");
        Assert.EndsWith("velib: warning: after" + Environment.NewLine, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_largest_count_the_option_takes_starts_its_passes_without_a_table_sized_for_all_of_them()
    {
        // --repeat 2147483647 allocated its table of times first: "unexpected error: OutOfMemoryException".
        var cli = new CliContext(Stream.Null, TextWriter.Null, TextWriter.Null) { Time = new FakeTimeProvider() };
        using var log = new TextWriterLoggerProvider(cli, LogLevel.Warning);
        using var signal = new CancellationTokenSource();
        var passes = 0;

        await Assert.ThrowsAsync<OperationCanceledException>(() => PassTimer.RepeatAsync(
            int.MaxValue,
            () =>
            {
                if (++passes == 3)
                {
                    signal.Cancel();
                }

                return Task.FromResult(passes);
            },
            log,
            cli,
            signal.Token));

        Assert.Equal(3, passes);
    }
}
