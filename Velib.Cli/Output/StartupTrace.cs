using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Velib.Cli.Output;

/// <summary>
/// With <c>VELIB_TRACE_STARTUP=1</c>, writes on stderr, at a few points of a run, the process's CPU time so far (user +
/// system, from its start), the wall time since <c>Main</c> and the methods the JIT compiled so far: where start-up
/// goes (docs/performance.md, "Start-up"). Off, it costs one environment look-up.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("VELIB_TRACE_STARTUP") == "1";
    private static readonly long Start = Stopwatch.GetTimestamp();

    public static void Mark(string point)
    {
        if (Enabled)
        {
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"velib: startup: {point}: cpu {Environment.CpuUsage.TotalTime.TotalMilliseconds:0.0} ms, wall {Stopwatch.GetElapsedTime(Start).TotalMilliseconds:0.0} ms, {JitInfo.GetCompiledMethodCount()} methods jitted in {JitInfo.GetCompilationTime().TotalMilliseconds:0.0} ms"));
        }
    }
}
