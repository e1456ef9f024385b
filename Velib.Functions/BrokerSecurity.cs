using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Velib.Functions;

/// <summary>
/// How the Kafka bindings connect, chosen at build time by the MSBuild property <c>KafkaSecurity</c> (see the
/// project file): the extension takes <see cref="BrokerProtocol"/> and <see cref="BrokerAuthenticationMode"/> as
/// enum attribute arguments, which no app setting can change.
/// <list type="bullet">
/// <item><c>Plaintext</c> (no <c>KAFKA_SASL_SSL</c>): the attributes carry no protocol, mode or credentials at all, so
/// librdkafka keeps its defaults (plaintext, no SASL).</item>
/// <item><c>SaslSsl</c>: SASL_SSL with PLAIN, the credentials read from the app settings <c>KafkaUsername</c> and
/// <c>KafkaPassword</c>, which must not be empty (<see cref="CredentialsProblem"/>).</item>
/// </list>
/// </summary>
internal static class BrokerSecurity
{
#if KAFKA_SASL_SSL
    public const BrokerProtocol Protocol = BrokerProtocol.SaslSsl;
    public const BrokerAuthenticationMode AuthenticationMode = BrokerAuthenticationMode.Plain;
#endif

    /// <summary>
    /// Why this build cannot connect with these settings, or null when it can. The extension resolves a credential
    /// setting that is empty to the setting's own name (ConfigurationExtensions.ResolveSecureSetting, extension 4.3.2),
    /// so an empty <c>KafkaPassword</c> would be sent as the password "KafkaPassword" and fail only at connect time; an
    /// unresolved Key Vault reference, as its own text (<see cref="AppSettings.UnresolvedReference"/>).
    /// </summary>
    public static string? CredentialsProblem(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
#if KAFKA_SASL_SSL
        string[] names = [AppSettings.KafkaUsername, AppSettings.KafkaPassword];
        string[] empty = [.. names.Where(name => string.IsNullOrWhiteSpace(configuration[name]))];
        return empty.Length == 0
            ? names.Select(name => AppSettings.UnresolvedReference(configuration, name)).FirstOrDefault(problem => problem is not null)
            : $"This build of Velib.Functions connects to Kafka with SASL_SSL (KafkaSecurity=SaslSsl), but the app setting(s) {string.Join(" and ", empty)} are empty. "
              + "Set them (in Azure: Key Vault references), or build with -p:KafkaSecurity=Plaintext for a broker without authentication.";
#else
        return null;
#endif
    }
}
