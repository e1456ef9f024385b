using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Postcodes;
using Velib.Tests.Reliability;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// The reverse geocoder against a real HTTP server on 127.0.0.1 serving the recorded Géoplateforme answer for central
/// Paris. Time is a <see cref="TestClock"/>. What a snapshot makes of its answers and failures is in <see cref="GeocoderFaultTests"/>.
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

    [Theory]
    [InlineData("geocodage/reverse?index=address", "/geocodage/reverse?index=address&lon=2.347222&lat=48.859393&limit=1")]
    [InlineData("geocodage/reverse?", "/geocodage/reverse?lon=2.347222&lat=48.859393&limit=1")]
    public async Task A_query_already_in_the_endpoint_is_kept(string endpoint, string request)
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        var settings = GeocoderFaultTests.GeocoderSettings(server.Url(endpoint).ToString());
        await using var services = Pipeline.Build(settings, clock);

        await clock.RunAsync(services.GetRequiredService<ReverseGeocoder>().ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);

        Assert.Equal(request, Assert.Single(server.Requests));
    }

    [Fact]
    public async Task A_look_up_asked_past_the_ticks_time_for_them_sends_nothing_and_is_not_remembered()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => geocoder.ReverseAsync(HallesLat, HallesLon, new CancellationToken(canceled: true)));
        var next = await clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), TimeSpan.Zero);

        Assert.Equal("75001", next.Postcode);
        Assert.Equal(1, server.RequestCount); // and no paced turn was taken: the next look-up waited for nothing
    }

    [Theory]
    [InlineData(HallesLat, HallesLon, 1)]
    [InlineData(48.859403, HallesLon, 2)] // about a metre north: another position
    [InlineData(HallesLat, 2.347232, 2)]
    public async Task Answers_are_cached_by_position_to_the_sixth_decimal(double lat, double lon, int requests)
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderParisAnswer));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();

        await clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);
        var again = await clock.RunAsync(geocoder.ReverseAsync(lat, lon, default), Faults.Horizon);
        var first = await clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon); // the cache holds both

        Assert.Equal(("75001", "75001"), (again.Postcode, first.Postcode));
        Assert.Equal(requests, server.RequestCount);
    }

    /// <summary>An answer without postcode may be the service's passing fault: asked again after 10 minutes, as a failure is; a postcode found is kept.</summary>
    [Fact]
    public async Task An_answer_without_postcode_is_asked_again_after_ten_minutes_and_a_postcode_kept()
    {
        var calls = 0;
        var (empty, paris) = (Respond.Json("""{"features":[]}"""u8.ToArray()), Respond.Json(Fixture.GeocoderParisAnswer));
        await using var server = await LoopbackServer.StartAsync(ctx => Interlocked.Increment(ref calls) == 1 ? empty(ctx) : paris(ctx));
        await using var services = Build(server);
        var geocoder = services.GetRequiredService<ReverseGeocoder>();
        Task<PostcodeResolution> Ask(TimeSpan after)
        {
            clock.Advance(after);
            return clock.RunAsync(geocoder.ReverseAsync(HallesLat, HallesLon, default), Faults.Horizon);
        }

        var first = await Ask(TimeSpan.Zero);
        var cached = await Ask(TimeSpan.FromMinutes(9));
        var again = await Ask(TimeSpan.FromMinutes(2));
        var kept = await Ask(TimeSpan.FromDays(1));

        Assert.Equal((null, null, "75001", "75001"), (first.Postcode, cached.Postcode, again.Postcode, kept.Postcode));
        Assert.Equal(2, server.RequestCount);
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
        await first.WaitAsync(RealTime.HangLimit);
        // The pacing waits; the attempts' timeouts (a minute here) are pending too.
        await RealTime.WaitUntilAsync(() => clock.PendingDueTimes.Count(d => d < TimeSpan.FromSeconds(1)) == 2);
        Assert.Equal([TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(0.2)], clock.PendingDueTimes.Where(d => d < TimeSpan.FromSeconds(1)));
        Assert.Equal(1, server.RequestCount);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(RealTime.HangLimit);
        Assert.Equal(2, server.RequestCount);
        Assert.False(third.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("75001", (await third.WaitAsync(RealTime.HangLimit)).Postcode);
        Assert.Equal(3, server.RequestCount);
    }

    [Theory]
    [InlineData(20_000, 20_002)] // the cache was full at the 20,001st position: cleared, the first is asked again
    [InlineData(19_999, 20_000)] // not full yet: the first is still remembered
    public async Task The_cache_is_cleared_when_it_holds_20000_positions_so_that_a_long_run_stays_bounded(int positions, int requests)
    {
        // In memory: 20,000 look-ups through a server and the pacing would take minutes of its clock.
        var handler = new AnsweringHandler(Fixture.GeocoderParisAnswer);
        var settings = Options.Create(new VelibOptions());
        var geocoder = new ReverseGeocoder(new OneClient(handler), settings, clock);

        for (var i = 0; i <= positions; i++)
        {
            await geocoder.ReverseAsync(48.0 + (i / 1e6), 2.0, default);
        }

        await geocoder.ReverseAsync(48.0, 2.0, default);

        Assert.Equal(requests, handler.Requests);
    }

    public static TheoryData<string, string?> Cities => new()
    {
        { new string('é', 200), new string('é', 200) },
        { new string('é', 201), null },
        { "", null }, // empty or blank, as in the postcode table: a total takes its city from another station
        { "  ", null },
        { " Créteil ", "Créteil" }, // trimmed, as in the postcode table
    };

    [Theory]
    [MemberData(nameof(Cities))]
    public async Task A_city_is_trimmed_and_over_200_characters_or_blank_is_none_so_that_messages_stay_small_and_totals_named(string city, string? kept)
    {
        // The recorded Créteil answer, its city replaced.
        var answer = System.Text.Json.Nodes.JsonNode.Parse(Fixture.GeocoderCreteilAnswer)!;
        answer["features"]![0]!["properties"]!["city"] = city;
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.Bytes(answer)));
        await using var services = Build(server);

        var result = await clock.RunAsync(services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.798922, 2.453745, default), Faults.Horizon);

        Assert.Equal(new PostcodeResolution("94000", kept), result);
    }

    [Theory]
    [InlineData("""{"features":[{"properties":{"postcode":75001}}]}""", "features[0].properties.postcode is not of GeoCodeJSON's type")]
    [InlineData("""{"features":{"postcode":"75001"}}""", "features is not of GeoCodeJSON's type")]
    [InlineData("""[]""", "it is not a JSON object")] // it named a .NET type, Velib.Core.Postcodes.GeocodeJson
    [InlineData("""42""", "it is not a JSON object")]
    [InlineData("""{"features":[{"properties":{"postcode":"75001",}}]}""", "The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.")]
    [InlineData("""{"features":[{"properties":{"postcode":"75001","x":nul,"city":"Paris, with the rest of the answer quoted"}}]}""", "'nul,\"city\":\"Paris, with the rest of the …' is an invalid JSON literal. Expected the literal 'null'.")]
    public async Task An_answer_that_is_not_geocodejson_is_a_format_error_naming_where(string answer, string cause)
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Encoding.UTF8.GetBytes(answer)));
        await using var services = Build(server);

        var error = await Assert.ThrowsAsync<FeedFormatException>(() => clock.RunAsync(services.GetRequiredService<ReverseGeocoder>().ReverseAsync(48.0, 2.0, default), Faults.Horizon));

        Assert.Equal($"geocoder: answer is not GeoCodeJSON: {cause}", error.Message);
    }

    private sealed class AnsweringHandler(byte[] answer) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(answer) });
        }
    }

    private sealed class OneClient(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private ServiceProvider Build(LoopbackServer server) =>
        Pipeline.Build(GeocoderFaultTests.GeocoderSettings(server.Url("geocodage/reverse").ToString(), ("Stations", "16107")), clock);
}
