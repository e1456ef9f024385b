using Microsoft.Extensions.DependencyInjection;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;
using Velib.Core.Snapshots;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The reverse geocoder against a real HTTP server on 127.0.0.1 serving the recorded Géoplateforme answer.</summary>
public class ReverseGeocoderTests
{
    [Fact]
    public async Task Reads_postcode_and_city_of_the_first_feature_and_sends_lon_lat()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        var result = await geocoder.ReverseAsync(48.859393, 2.347222, default);

        Assert.Equal(new PostcodeResolution("75001", "Paris"), result);
        Assert.Equal("/geocodage/reverse?lon=2.347222&lat=48.859393&limit=1", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task A_query_already_in_the_endpoint_is_kept()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderAnswer));
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Geocoder:Enabled"] = "true";
        settings["Velib:Geocoder:Url"] = server.Url("geocodage/reverse?index=address").ToString();
        await using var services = Pipeline.Build(settings);

        await services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.859393, 2.347222, default);

        Assert.Equal("/geocodage/reverse?index=address&lon=2.347222&lat=48.859393&limit=1", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Answers_are_cached_by_position()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        await geocoder.ReverseAsync(48.859393, 2.347222, default);
        var again = await geocoder.ReverseAsync(48.859393, 2.347222, default);

        Assert.Equal("75001", again.Postcode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task No_feature_means_unresolved_with_the_reason()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json("""{"type":"FeatureCollection","features":[]}"""u8.ToArray()));
        await using var services = Build(server);

        var result = await services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.0, 2.0, default);

        Assert.False(result.IsResolved);
        Assert.Equal("geocoder found no address at 48,2", result.Reason);
    }

    [Fact]
    public async Task An_answer_that_is_not_geocodejson_is_a_format_error()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json("""{"features":[{"properties":{"postcode":75001}}]}"""u8.ToArray()));
        await using var services = Build(server);

        var error = await Assert.ThrowsAsync<FeedFormatException>(() => services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.0, 2.0, default));

        Assert.StartsWith("geocoder: answer is not GeoCodeJSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_station_missing_from_the_table_is_geocoded_during_the_snapshot()
    {
        // 40001 (Hôpital Mondor, Créteil) opened after the reference table was made.
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderAnswer));
        await using var services = Build(server, "40001,16107");

        var snapshot = await services.GetRequiredService<SnapshotService>().TakeAsync(default);

        var mondor = Assert.Single(snapshot.Messages, m => m.StationCode == "40001");
        Assert.Equal("75001", mondor.Postcode); // what the (recorded) server answered
        Assert.Equal("/geocodage/reverse?lon=2.4537451531298&lat=48.798922410229&limit=1", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task A_failing_geocoder_leaves_the_station_unresolved_and_published()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Status(503));
        var logs = new RecordingLogs();
        await using var services = Build(server, "40001,16107", logs);

        var snapshot = await services.GetRequiredService<SnapshotService>().TakeAsync(default);

        var mondor = Assert.Single(snapshot.Messages, m => m.StationCode == "40001");
        Assert.Null(mondor.Postcode);
        Assert.Contains("postcode-unresolved", mondor.Quality);
        Assert.Equal("75016", snapshot.Messages.Single(m => m.StationCode == "16107").Postcode);
        Assert.Contains(logs.Warnings, w => w.StartsWith("Station 40001: reverse geocoding failed: http://127.0.0.1:", StringComparison.Ordinal) && w.EndsWith("HTTP 503 ServiceUnavailable (after 1 retries)", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(LoopbackServer server, string stations = "16107", RecordingLogs? logs = null)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:Stations"] = stations;
        settings["Velib:Geocoder:Enabled"] = "true";
        settings["Velib:Geocoder:Url"] = server.Url("geocodage/reverse").ToString();
        settings["Velib:Geocoder:Timeout"] = "00:00:02";
        return Pipeline.Build(settings, logs: logs);
    }
}
