using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Velib.Core;

namespace Velib.Tests.Support;

/// <summary>Velib.Core wired exactly as the hosts wire it (<see cref="ServiceCollectionExtensions.AddVelibCore"/>), with test settings.</summary>
public static class Pipeline
{
    /// <summary>Settings for tests: the recorded feeds, no geocoder, short retry delays.</summary>
    public static Dictionary<string, string?> RecordedSettings() => new()
    {
        ["Velib:StatusLocation"] = Fixture.StatusPath,
        ["Velib:InformationLocation"] = Fixture.InformationPath,
        ["Velib:Geocoder:Enabled"] = "false",
        ["Velib:FeedTimeout"] = "00:00:02",
    };

    /// <summary>Sets each <c>Velib:</c> key of <paramref name="velibSettings"/> on <paramref name="settings"/>, and returns it.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, params (string Key, string Value)[] velibSettings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(velibSettings);
        foreach (var (key, value) in velibSettings)
        {
            settings["Velib:" + key] = value;
        }

        return settings;
    }

    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? time = null, FakeLogCollector? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.ClearProviders();
            if (logs is not null)
            {
                b.AddProvider(new FakeLoggerProvider(logs));
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddVelibCore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
