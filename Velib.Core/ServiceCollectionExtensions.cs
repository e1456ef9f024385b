using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Consumer;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;

namespace Velib.Core;

/// <summary>Registers everything Velib.Core needs; the only set-up call a host (Functions app, CLI) makes.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="VelibOptions"/> to the section <c>Velib</c> (validated at start-up), the HTTP clients (no
    /// redirects, decompression, retries and timeouts through Polly), the postcode resolver, the snapshot service, and the
    /// consumer's <see cref="TickAssembly"/> (one per process) with its <see cref="TotalsConsumer"/>.
    /// </summary>
    public static IServiceCollection AddVelibCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<VelibOptions>()
            .Bind(configuration.GetSection(VelibOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VelibOptions>, VelibOptionsValidator>());

        AddClient(services, FeedReader.HttpClientName);
        AddClient(services, ReverseGeocoder.HttpClientName);

        services.TryAddSingleton<FeedReader>();
        services.TryAddSingleton<ReverseGeocoder>();
        services.TryAddSingleton(CreateResolver);
        services.TryAddSingleton<SnapshotService>();

        // One tick assembly per process: its state must outlive a batch (see TickAssembly).
        services.TryAddSingleton<TickAssembly>();
        services.TryAddSingleton<TotalsConsumer>();
        return services;
    }

    private static PostcodeResolver CreateResolver(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<VelibOptions>>().Value;
        var table = options.PostcodeTable is { } path ? PostcodeTable.Load(path) : PostcodeTable.BuiltIn;
        var geocoder = options.Geocoder.Enabled ? provider.GetRequiredService<ReverseGeocoder>() : null;
        return new PostcodeResolver(table, options.PostcodeOverrides, geocoder, provider.GetRequiredService<ILogger<PostcodeResolver>>());
    }

    private static void AddClient(IServiceCollection services, string name) =>
        services.AddHttpClient(name, client =>
            {
                // Polly's per-attempt timeout governs; the client's own would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("velib-pipeline/1.0 (+https://github.com/velib-pipeline)");
                client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
}
