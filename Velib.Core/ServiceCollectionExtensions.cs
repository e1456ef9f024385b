using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core.Aggregation;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;

namespace Velib.Core;

/// <summary>Registers everything Velib.Core needs: the only set-up call a host (Functions app, CLI) makes.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddVelibCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Each attempt and retry is already said in the one line a failure ends in.
        services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.None).AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
        services.TryAddSingleton(TimeProvider.System);
        // A misspelt key (Velib__Statoins) would otherwise leave its setting at the default, unsaid; the CLI names it first.
        services.AddOptions<VelibOptions>().Bind(configuration.GetSection(VelibOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VelibOptions>, VelibOptionsValidator>());

        HttpPipelines.AddFeedClient(services);
        HttpPipelines.AddGeocoderClient(services, ReverseGeocoder.HttpClientName);
        services.TryAddSingleton<HttpAnswers>();
        services.TryAddSingleton(provider => new RequestPacing(provider.GetRequiredService<TimeProvider>(), RequestPacing.GeocoderPerSecond));
        services.TryAddSingleton<FeedReader>();
        services.TryAddSingleton<ReverseGeocoder>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<VelibOptions>>().Value;
            var table = options.PostcodeTable is { } path ? PostcodeTable.Load(path) : PostcodeTable.BuiltIn;
            return new PostcodeResolver(table, options.PostcodeOverrides, options.Geocoder.Enabled ? provider.GetRequiredService<ReverseGeocoder>() : null);
        });
        services.TryAddSingleton<SnapshotService>();

        // One per process: its state must outlive a batch.
        services.TryAddSingleton<TickAssembly>();
        return services;
    }
}
