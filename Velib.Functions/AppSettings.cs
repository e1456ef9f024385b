using Microsoft.Extensions.Configuration;
using Velib.Core.Messages;

namespace Velib.Functions;

/// <summary>
/// The app settings the functions read, by name. The binding attributes take either a setting name
/// (<c>BrokerList</c>, <c>KafkaUsername</c>: the Kafka extension looks the name up) or a <c>%Name%</c> expression
/// that the host resolves when it indexes the functions; every one of them must be set (local.settings.json,
/// app settings in Azure, environment in a container).
/// </summary>
internal static class AppSettings
{
    /// <summary>Bootstrap servers, <c>host:port[,host:port]</c>.</summary>
    public const string BrokerList = "BrokerList";

    /// <summary>SASL user name (Confluent Cloud API key, or <c>$ConnectionString</c> for Event Hubs); read by a <c>KafkaSecurity=SaslSsl</c> build only, which refuses to start when it is empty.</summary>
    public const string KafkaUsername = "KafkaUsername";

    /// <summary>SASL password (Confluent Cloud API secret, or the Event Hubs connection string); a Key Vault reference in Azure; <c>SaslSsl</c> builds only.</summary>
    public const string KafkaPassword = "KafkaPassword";

    public const string StationsTopicName = "VelibStationsTopic";
    public const string TotalsTopicName = "VelibTotalsTopic";

    public const string StationsTopic = "%" + StationsTopicName + "%";
    public const string TotalsTopic = "%" + TotalsTopicName + "%";
    public const string ConsumerGroup = "%VelibConsumerGroup%";

    /// <summary>Six-field NCRONTAB expression of the producer's tick (default <c>0 */1 * * * *</c>).</summary>
    public const string ScheduleName = "VelibSchedule";

    public const string Schedule = "%" + ScheduleName + "%";

    private static readonly string[] References = ["@Microsoft.KeyVault(", "@Microsoft.AppConfiguration("];

    /// <summary>
    /// Why <see cref="BrokerList"/> cannot be used, or null. It is no <c>%Name%</c> expression, so the host does not
    /// check it at indexing, and the extension resolves a setting that is missing or empty to its own name
    /// (ResolveSecureSetting, extension 4.3.2): the app would start and connect to the host "BrokerList".
    /// </summary>
    public static string? BrokerListProblem(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.IsNullOrWhiteSpace(configuration.GetConnectionString(BrokerList)) && string.IsNullOrWhiteSpace(configuration[BrokerList])
            ? $"The app setting {BrokerList} is empty or missing: set it to the Kafka bootstrap servers, host:port[,host:port]."
            : UnresolvedReference(configuration, BrokerList);
    }

    /// <summary>
    /// Why setting <paramref name="name"/> cannot be used, or null: App Service passes a Key Vault or App Configuration
    /// reference it could not resolve to the app as its own text (Microsoft Learn, "Use Key Vault references",
    /// "Troubleshooting"; read, not run), which the extension would send as the broker, user or password.
    /// </summary>
    public static string? UnresolvedReference(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[name]?.TrimStart() ?? "";
        return References.FirstOrDefault(reference => value.StartsWith(reference, StringComparison.OrdinalIgnoreCase)) is { } kind
            ? $"The app setting {name} is a reference that App Service could not resolve (it reached the app as its own text, '{kind}…'): check its status (docs/functions.md, Deploy to Azure, step 3)."
            : null;
    }

    /// <summary>The topic an envelope names: the same setting the output binding resolves, or the pipeline's default.</summary>
    public static string Topic(IConfiguration configuration, string settingName, string fallback)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[settingName];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    public static string StationsTopicOf(IConfiguration configuration) => Topic(configuration, StationsTopicName, KafkaTopics.Stations);

    public static string TotalsTopicOf(IConfiguration configuration) => Topic(configuration, TotalsTopicName, KafkaTopics.PostcodeTotals);
}
