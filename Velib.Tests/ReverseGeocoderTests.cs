using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;
using Velib.Tests.Reliability;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// The reverse geocoder against a real HTTP server on 127.0.0.1 serving a Géoplateforme answer for the position
/// asked: the recorded one for central Paris, the derived one for station 40001 in Créteil. Time is a <see cref="TestClock"/>.
/// </summary>
public class ReverseGeocoderTests
{
    private const double HallesLat = 48.859393;
    private const double HallesLon = 2.347222;

    private readonly TestClock clock = new(Fixture.StatusPublishedAt);

    [Fact]
    public async Task Reads_postcode_and_city_of_the_first_feature_and_sends_lon_lat()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        var result = await clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);

        Assert.Equal(new PostcodeResolution("75001", "Paris"), result);
        Assert.Equal("/geocodage/reverse?lon=2.347222&lat=48.859393&limit=1", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task A_query_already_in_the_endpoint_is_kept()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        var settings = GeocoderFaultTests.GeocoderSettings(server.Url("geocodage/reverse?index=address").ToString());
        await using var services = Pipeline.Build(settings, clock);

        await clock.RunAsync(services.GetRequiredService<ReverseGeocoder>().ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);

        Assert.Equal("/geocodage/reverse?index=address&lon=2.347222&lat=48.859393&limit=1", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Answers_are_cached_by_position()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        await clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);
        var again = await clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);

        Assert.Equal("75001", again.Postcode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Calls_start_no_faster_than_ten_a_second_on_the_clock()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        // Three positions at once (not cached): the first goes now, the others 0.1 s and 0.2 s later on the clock.
        var first = geocoder.ReverseAsync(HallesLat, HallesLon, default);
        var second = geocoder.ReverseAsync(HallesLat, 2.347206, default);
        var third = geocoder.ReverseAsync(HallesLat, 2.347298, default);
        await first;
        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Count == 2);
        Assert.Equal([TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(0.2)], clock.PendingDueTimes);
        Assert.Equal(1, server.RequestCount);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        await second;
        Assert.Equal(2, server.RequestCount);
        Assert.False(third.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("75001", (await third).Postcode);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task No_feature_means_unresolved_with_the_reason()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json("""{"type":"FeatureCollection","features":[]}"""u8.ToArray()));
        await using var services = Build(server);

        var result = await clock.RunAsync(services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.0, 2.0, default), Faults.Horizon);

        Assert.False(result.IsResolved);
        Assert.Equal("geocoder found no address at 48,2", result.Reason);
    }

    [Fact]
    public async Task An_answer_that_is_not_geocodejson_is_a_format_error()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json("""{"features":[{"properties":{"postcode":75001}}]}"""u8.ToArray()));
        await using var services = Build(server);

        var error = await Assert.ThrowsAsync<FeedFormatException>(() => clock.RunAsync(services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.0, 2.0, default), Faults.Horizon));

        Assert.StartsWith("geocoder: answer is not GeoCodeJSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_station_missing_from_the_table_is_geocoded_during_the_snapshot()
    {
        // 40001 (Hôpital Mondor, Créteil) opened after the reference table was made.
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderCreteilAnswer));
        await using var services = Build(server, "40001,16107");

        var snapshot = await clock.RunAsync(services.GetRequiredService<SnapshotService>().TakeAsync(default), Faults.Horizon);

        var mondor = Assert.Single(snapshot.Messages, m => m.StationCode == "40001");
        Assert.Equal(("94000", "Créteil"), (mondor.Postcode, mondor.City));
        Assert.Equal("/geocodage/reverse?lon=2.4537451531298&lat=48.798922410229&limit=1", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task A_failing_geocoder_leaves_the_station_unresolved_and_published()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Status(503));
        var logs = new FakeLogCollector();
        await using var services = Build(server, "40001,16107", logs: logs);

        var snapshot = await clock.RunAsync(services.GetRequiredService<SnapshotService>().TakeAsync(default), Faults.Horizon);

        var mondor = Assert.Single(snapshot.Messages, m => m.StationCode == "40001");
        Assert.Null(mondor.Postcode);
        Assert.Contains("postcode-unresolved", mondor.Quality);
        Assert.Equal("75016", snapshot.Messages.Single(m => m.StationCode == "16107").Postcode);
        Assert.Contains(logs.Warnings(), w => w.StartsWith("1 station(s) without postcode (reverse geocoding failed: http://127.0.0.1:", StringComparison.Ordinal) && w.EndsWith("HTTP 503 ServiceUnavailable (after 1 retries)), not summed into any postcode: 40001", StringComparison.Ordinal));
    }

    private ServiceProvider Build(LoopbackServer server, string stations = "16107", FakeLogCollector? logs = null)
    {
        var settings = GeocoderFaultTests.GeocoderSettings(server.Url("geocodage/reverse").ToString(), ("Stations", stations));
        return Pipeline.Build(settings, clock, logs);
    }
}
