using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Velib.Core;
using Velib.Core.Configuration;
using Velib.Functions;

// Messages the same everywhere, even where DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 undoes the invariant build.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

var builder = FunctionsApplication.CreateBuilder(args);

// A SaslSsl build with empty credentials would connect with the setting names as user and password: refuse to start.
if (BrokerSecurity.CredentialsProblem(builder.Configuration) is { } credentialsProblem)
{
    await Console.Error.WriteLineAsync(credentialsProblem).ConfigureAwait(false);
    return 1;
}

// The extension would connect to a host named "BrokerList" and fail only in the logs: refuse to start.
if (AppSettings.BrokerListProblem(builder.Configuration) is { } brokerListProblem)
{
    await Console.Error.WriteLineAsync(brokerListProblem).ConfigureAwait(false);
    return 1;
}

// No HTTP trigger here, so no ConfigureFunctionsWebApplication(): the builder already sets up the worker defaults.
builder.Services.AddVelibCore(builder.Configuration);
builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VelibOptions>, TickDeadlineFitsSchedule>());

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The Application Insights SDK adds a filter rule that keeps only Warning and above; remove it so the
// Information-level logs (snapshot and batch summaries) reach Application Insights, at the worker's default
// minimum level (Information): host.json's levels govern the host's own logs, not what the worker sends itself.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var defaultRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (defaultRule is not null)
    {
        options.Rules.Remove(defaultRule);
    }
});

await builder.Build().RunAsync().ConfigureAwait(false);
return 0;
