using Microsoft.Azure.Functions.Worker;

namespace Velib.Functions;

/// <summary>
/// How the Kafka bindings connect, chosen at build time by the MSBuild property <c>KafkaSecurity</c> (see the
/// project file): the extension takes <see cref="BrokerProtocol"/> and <see cref="BrokerAuthenticationMode"/> as
/// enum attribute arguments, which no app setting can change. With <c>NotSet</c> the extension leaves librdkafka's
/// defaults (plaintext, no SASL) and ignores the credentials.
/// </summary>
internal static class BrokerSecurity
{
#if KAFKA_SASL_SSL
    public const BrokerProtocol Protocol = BrokerProtocol.SaslSsl;
    public const BrokerAuthenticationMode AuthenticationMode = BrokerAuthenticationMode.Plain;
#else
    public const BrokerProtocol Protocol = BrokerProtocol.NotSet;
    public const BrokerAuthenticationMode AuthenticationMode = BrokerAuthenticationMode.NotSet;
#endif
}
