using System.Diagnostics;

namespace Velib.Tests.Support;

/// <summary>Headless Chromium (Debian's <c>chromium</c>, installed by <c>.ci/run</c>), for the tests of what a page shows.</summary>
public static class Chromium
{
    /// <summary>How long one Chromium run may take before it is killed; a bound on a hung browser, not a wait.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>The browser: <c>VELIB_CHROMIUM</c>, else <c>chromium</c> on the PATH; null when there is none.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>
    /// Runs Chromium headless on <paramref name="page"/> with <paramref name="options"/> and returns its standard output.
    /// Its own new profile each time; no network traffic of its own (the background-networking flags).
    /// </summary>
    public static async Task<string> RunAsync(string page, params string[] options)
    {
        var profile = Directory.CreateTempSubdirectory("velib-chromium-");
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("no chromium"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile.FullName}", .. options, new Uri(page).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {Limit}: {string.Join(' ', start.ArgumentList)}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }

        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("VELIB_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that needs <see cref="Chromium"/>: skipped, saying why, where there is none (<c>.ci/run</c> installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null)
        {
            Skip = "no chromium on the PATH (apt-get install chromium, or set VELIB_CHROMIUM)";
        }
    }
}
