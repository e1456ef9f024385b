using System.Diagnostics;
using System.Globalization;

namespace Velib.Tests.Support;

/// <summary>
/// The built <c>velib</c> run as a child process, for what only a process shows: signals, closed pipes, an
/// unwritable stderr. Its three standard streams are pipes held by the test.
/// </summary>
public sealed class VelibProcess : IDisposable
{
    private readonly Process process;

    private VelibProcess(Process process) => this.process = process;

    /// <summary>
    /// velib.dll in Velib.Cli's own output (built with the tests, same configuration): the copy beside the tests lacks
    /// the packages the tests take from the ASP.NET Core framework instead.
    /// </summary>
    public static string VelibDll { get; } = CliOutput();

    public int Id => process.Id;

    public StreamWriter Stdin => process.StandardInput;

    public StreamReader Stdout => process.StandardOutput;

    public StreamReader Stderr => process.StandardError;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Starts <c>dotnet velib.dll ARGS</c>, with no <c>Velib__*</c> setting, <c>VELIB_*</c> switch or proxy but <paramref name="environment"/>, and
    /// SIGINT and SIGTERM at their defaults: a test run a shell started in the background ignores SIGINT, and a
    /// process that starts with SIGINT ignored keeps ignoring it (as .NET does, by the Unix convention).
    /// </summary>
    public static VelibProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartProcess("env", ["--default-signal=INT,TERM", "dotnet", VelibDll, .. args], environment);

    /// <summary>Starts <c>dotnet velib.dll ARGS</c> through a shell that applies <paramref name="redirection"/> (<c>2&gt;/dev/full</c>); stdin is closed.</summary>
    /// <param name="velibDll">A copy of <see cref="VelibDll"/> to run instead.</param>
    public static VelibProcess StartRedirected(string redirection, IEnumerable<string> args, string? velibDll = null)
    {
        var velib = StartProcess("/bin/sh", ["-c", $"exec dotnet \"$@\" {redirection}", "sh", velibDll ?? VelibDll, .. args]);
        velib.Stdin.Close();
        return velib;
    }

    /// <summary><paramref name="path"/> as one word of <c>sh</c>, whatever it holds: a clone in <c>l'été</c> broke the redirections.</summary>
    public static string Quoted(string path) => $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static VelibProcess StartProcess(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A proxy of the machine's (http_proxy, all_proxy) would take velib's requests to the test's servers on 127.0.0.1.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Velib_", StringComparison.OrdinalIgnoreCase) || k.EndsWith("_proxy", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new VelibProcess(Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start"));
    }

    /// <summary>Sends a signal (INT, TERM) with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(RealTime.HangLimit);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The next line of stdout; null at its end. Fails the test instead of hanging.</summary>
    public static async Task<string?> ReadLineAsync(StreamReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return await reader.ReadLineAsync().WaitAsync(RealTime.HangLimit);
    }

    /// <summary>Waits for the exit; fails the test instead of hanging. Returns the exit code.</summary>
    public async Task<int> ExitAsync()
    {
        await process.WaitForExitAsync().WaitAsync(RealTime.HangLimit);
        return process.ExitCode;
    }

    private static string CliOutput()
    {
        // AppContext.BaseDirectory is <repository>/Velib.Tests/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!;
        var dll = Path.Combine(repository.FullName, "Velib.Cli", "bin", configuration.Name, framework.Name, "velib.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll}: build Velib.Cli first (building Velib.Tests does)");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
