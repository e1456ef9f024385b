using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>Duration settings are checked against their bounds, both included, each naming the setting and its range.</summary>
public class TimeSpanSettingsTests
{
    [Theory]
    [InlineData("FeedTimeout", "00:00:00.050")]
    [InlineData("FeedTimeout", "00:05:00")]
    [InlineData("TickDeadline", "00:00:01")]
    [InlineData("TickDeadline", "00:10:00")]
    public void A_bound_is_accepted(string key, string value)
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings().With((key, value)));

        Assert.Equal(TimeSpan.Parse(value, CultureInfo.InvariantCulture), Read(services.GetRequiredService<IOptions<VelibOptions>>().Value, key));
    }

    [Theory]
    [InlineData("FeedTimeout", "00:00:00.049", "Velib:FeedTimeout: must be from 00:00:00.050 to 00:05:00")]
    [InlineData("FeedTimeout", "00:05:00.001", "Velib:FeedTimeout: must be from 00:00:00.050 to 00:05:00")]
    [InlineData("TickDeadline", "00:00:00.999", "Velib:TickDeadline: must be from 00:00:01 to 00:10:00")]
    [InlineData("TickDeadline", "00:10:00.001", "Velib:TickDeadline: must be from 00:00:01 to 00:10:00")]
    public void A_value_past_a_bound_is_refused_with_the_bounds(string key, string value, string message)
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings().With((key, value)));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VelibOptions>>().Value);

        Assert.Equal(message, Assert.Single(error.Failures));
    }

    // The Functions app has no check of its own for a misspelt key: binding it must fail at start-up, not fall back to the default.
    [Theory]
    [InlineData("Statoins", "16107", "'Statoins'")]
    [InlineData("Geocoder:Enabeld", "false", "'Enabeld'")]
    [InlineData("PostcodeOverrides:16107:Postcod", "75016", "'Postcod'")]
    public void A_key_that_is_no_setting_is_refused_when_the_options_are_read(string key, string value, string named)
    {
        using var services = Pipeline.Build(Pipeline.RecordedSettings().With((key, value)));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<VelibOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static TimeSpan Read(VelibOptions options, string key) => key == "FeedTimeout" ? options.FeedTimeout : options.TickDeadline;
}
