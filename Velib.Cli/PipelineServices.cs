using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Cli.Output;
using Velib.Core;
using Velib.Core.Configuration;

namespace Velib.Cli;

/// <summary>
/// The same services the Functions app uses (<see cref="ServiceCollectionExtensions.AddVelibCore"/>), configured from
/// environment variables (<c>Velib__Stations</c>, …) overridden by the command line.
/// </summary>
internal static class PipelineServices
{
    /// <param name="defaults">A command's own defaults, below the environment and the command line.</param>
    /// <exception cref="OptionsValidationException">The configuration is invalid.</exception>
    public static ServiceProvider Build(CliContext cli, IReadOnlyDictionary<string, string?> settings, out TextWriterLoggerProvider log, IReadOnlyDictionary<string, string?>? defaults = null)
    {
        StartupTrace.Mark("services: start");
        var stderrLog = log = new TextWriterLoggerProvider(cli.Stderr, LogLevel.Warning);
        var builder = new ConfigurationBuilder().AddInMemoryCollection(defaults ?? new Dictionary<string, string?>());
        if (cli.Environment is { } environment)
        {
            builder.AddInMemoryCollection(environment.Where(e => e.Key.StartsWith("Velib__", StringComparison.OrdinalIgnoreCase))
                .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }
        else
        {
            builder.AddEnvironmentVariables();
        }

        var configuration = builder.AddInMemoryCollection(settings).Build();
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
