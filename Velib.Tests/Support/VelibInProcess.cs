using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Velib.Cli;
using Velib.Core.Messages;

namespace Velib.Tests.Support;

/// <summary>The real <c>velib</c> entry point, in process, on a clock stopped when the recorded status was published.</summary>
public static class VelibInProcess
{
    /// <summary>The options of the recorded 2025-10-18 pair, without geocoder.</summary>
    public static readonly string[] Recorded = ["--status", Fixture.StatusPath, "--information", Fixture.InformationPath, "--geocoder", "off"];

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, Dictionary<string, string?>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var cli = new CliContext(Stream.Null, stdout, stderr, environment ?? []) { Time = new FakeTimeProvider(Fixture.StatusPublishedAt) };
        var code = await VelibCli.RunAsync(args, cli);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The station messages <c>velib snapshot</c> prints for <paramref name="args"/>.</summary>
    public static async Task<List<StationMessage>> SnapshotAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(["snapshot", .. args]);
        Assert.True(code == 0, stderr);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize(line, MessageJson.StationMessage)!)];
    }
}
