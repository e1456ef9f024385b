using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Cli.Output;
using Velib.Cli.Settings;
using Velib.Core;
using Velib.Core.Configuration;

namespace Velib.Cli;

/// <summary>
/// The same services the Functions app uses (<see cref="ServiceCollectionExtensions.AddVelibCore"/>), configured from
/// environment variables (<c>Velib__Stations</c>, …) overridden by the command line.
/// </summary>
internal static class PipelineServices
{
    private static readonly string[] LocalPaths = [nameof(VelibOptions.StatusLocation), nameof(VelibOptions.InformationLocation), nameof(VelibOptions.PostcodeTable)];

    /// <param name="defaults">A command's own defaults, below the environment and the command line.</param>
    /// <exception cref="UsageException">A setting or an option cannot be used; every one is named.</exception>
    public static ServiceProvider Build(CliContext cli, IReadOnlyCollection<Setting> options, out TextWriterLoggerProvider log, IReadOnlyCollection<Setting>? defaults = null)
    {
        StartupTrace.Mark("services: start");
        var stderrLog = log = new TextWriterLoggerProvider(cli, LogLevel.Warning);
        var environment = SettingSources.FromEnvironment(cli.Environment);
        var settings = SettingSources.Merge(SettingSources.Merge(defaults ?? [], environment), options);

        // A variable that an option overrides is checked too: a bad value is a mistake to name, used or not.
        var overridden = environment.Where(e => options.Any(o => string.Equals(o.Key, e.Key, StringComparison.OrdinalIgnoreCase))).ToList();
        if (SettingsCheck.Problems(settings).Concat(SettingsCheck.Problems(overridden)).Distinct().ToList() is { Count: > 0 } problems)
        {
            throw new UsageException(problems);
        }

        var configuration = SettingSources.Configuration(settings);
        foreach (var path in LocalPaths.Select(key => configuration[$"{VelibOptions.SectionName}:{key}"]).OfType<string>())
        {
            StandardStreams.NotClosedStdin(path, cli);
        }

        StartupTrace.Mark("services: configuration read");
        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(stderrLog))
            .AddSingleton(cli.Time)
            .AddVelibCore(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        StartupTrace.Mark("services: container built");

        // Validate now: a bad option is a usage error before any work is done.
        _ = provider.GetRequiredService<IOptions<VelibOptions>>().Value;
        StartupTrace.Mark("services: options validated");
        return provider;
    }
}
