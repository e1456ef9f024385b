using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Velib.Core.Configuration;
using Velib.Functions;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The Functions app's own settings: the topic an envelope names, and the tick deadline checked against the schedule.</summary>
public class FunctionsSettingsTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    [Theory]
    [InlineData(null, "velib-projet", "velib-projet-final-data")]
    [InlineData(" ", "velib-projet", "velib-projet-final-data")]
    [InlineData(" custom ", "custom", "custom")]
    public void An_envelope_names_the_topic_its_binding_resolves_or_the_default(string? setting, string stations, string totals)
    {
        var configuration = Settings((AppSettings.StationsTopicName, setting), (AppSettings.TotalsTopicName, setting));

        Assert.Equal((stations, totals), (AppSettings.StationsTopicOf(configuration), AppSettings.TotalsTopicOf(configuration)));
    }

    [Theory]
    [InlineData(null, "The app setting BrokerList is empty or missing: set it to the Kafka bootstrap servers, host:port[,host:port].")]
    [InlineData("", "The app setting BrokerList is empty or missing: set it to the Kafka bootstrap servers, host:port[,host:port].")]
    [InlineData(" ", "The app setting BrokerList is empty or missing: set it to the Kafka bootstrap servers, host:port[,host:port].")]
    [InlineData("localhost:9092", null)]
    public void An_empty_broker_list_stops_the_app(string? brokers, string? problem) =>
        Assert.Equal(problem, AppSettings.BrokerListProblem(Settings((AppSettings.BrokerList, brokers))));

    [Fact]
    public void A_broker_list_given_as_a_connection_string_is_taken_as_the_extension_takes_it() =>
        Assert.Null(AppSettings.BrokerListProblem(Settings(("ConnectionStrings:" + AppSettings.BrokerList, "kafka:19092"))));

    /// <summary>App Service passes a reference it could not resolve to the app as its own text: sent as a broker or a password, it fails only when connecting.</summary>
    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/kafka-password/)", "The app setting KafkaPassword is a reference that App Service could not resolve (it reached the app as its own text, '@Microsoft.KeyVault(…'): check its status (docs/functions.md, Deploy to Azure, step 3).")]
    [InlineData(" @microsoft.appconfiguration(Endpoint=https://c.azconfig.io; Key=password)", "The app setting KafkaPassword is a reference that App Service could not resolve (it reached the app as its own text, '@Microsoft.AppConfiguration(…'): check its status (docs/functions.md, Deploy to Azure, step 3).")]
    [InlineData("a-secret", null)]
    [InlineData("@Microsoft.KeyVault", null)]
    [InlineData(null, null)]
    public void A_reference_App_Service_could_not_resolve_stops_the_app(string? value, string? problem) =>
        Assert.Equal(problem, AppSettings.UnresolvedReference(Settings((AppSettings.KafkaPassword, value)), AppSettings.KafkaPassword));

    [Fact]
    public void A_broker_list_left_as_a_reference_stops_the_app() =>
        Assert.StartsWith(
            "The app setting BrokerList is a reference that App Service could not resolve",
            AppSettings.BrokerListProblem(Settings((AppSettings.BrokerList, "@Microsoft.KeyVault(VaultName=v;SecretName=brokers)"))),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("0 */1 * * * *", "00:00:45", null)]
    [InlineData("0 */5 * * * *", "00:02:00", null)]
    [InlineData("0 */1 * * * *", "00:01:00", "Velib:TickDeadline: 00:01:00 is not shorter than 00:01:00, the shortest interval between two ticks of VelibSchedule '0 */1 * * * *'")]
    [InlineData("0 0,10 * * * *", "00:10:00", "Velib:TickDeadline: 00:10:00 is not shorter than 00:10:00, the shortest interval between two ticks of VelibSchedule '0 0,10 * * * *'")]
    public void The_tick_deadline_must_be_shorter_than_the_shortest_interval_of_the_schedule(string schedule, string deadline, string? failure)
    {
        var check = new TickDeadlineFitsSchedule(Settings((AppSettings.ScheduleName, schedule)), new FakeTimeProvider(Fixture.StatusPublishedAt));

        var result = check.Validate(null, new VelibOptions { TickDeadline = TimeSpan.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(failure is null, result.Succeeded);
        Assert.Equal(failure, result.FailureMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("every minute")]
    public void A_schedule_that_is_missing_or_unreadable_is_left_to_the_host(string? schedule)
    {
        var check = new TickDeadlineFitsSchedule(Settings((AppSettings.ScheduleName, schedule)), new FakeTimeProvider(Fixture.StatusPublishedAt));

        Assert.True(check.Validate(null, new VelibOptions { TickDeadline = TimeSpan.FromMinutes(10) }).Skipped);
    }
}
