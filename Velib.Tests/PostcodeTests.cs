using Microsoft.Extensions.Logging.Abstractions;
using Velib.Core.Configuration;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The reference table shipped with Velib.Core, and the resolution order.</summary>
public class PostcodeTests
{
    [Fact]
    public void The_built_in_table_holds_the_real_rows_and_leaves_out_its_gaps()
    {
        var table = PostcodeTable.BuiltIn;

        Assert.Equal(1460, table.Count);
        Assert.Equal(2, table.SkippedRows);
        Assert.False(table.TryGet("11025", out _));
        Assert.False(table.TryGet("18008", out _));
        Assert.True(table.TryGet("12126", out var charenton));
        Assert.Equal(new PostcodeEntry("12126", "94220", "Charenton-le-Pont"), charenton);
        Assert.True(table.TryGet("11031_relais", out var relais));
        Assert.Equal("75011", relais.Postcode);
    }

    [Fact]
    public void A_table_file_replaces_the_built_in_one()
    {
        using var text = new StringReader("stationCode,station_id,postcode,city\n16107,213688169,75116,\"Paris, 16e\"\nbad,1,7501,Paris\n");

        var table = PostcodeTable.Load(text, "test.csv");

        Assert.Equal(1, table.Count);
        Assert.Equal(1, table.SkippedRows);
        Assert.True(table.TryGet("16107", out var entry));
        Assert.Equal(("75116", "Paris, 16e"), (entry.Postcode, entry.City));
    }

    [Fact]
    public void A_table_without_the_expected_columns_is_refused_with_its_name()
    {
        using var text = new StringReader("code;zip\n16107;75016\n");

        var error = Assert.Throws<InvalidDataException>(() => PostcodeTable.Load(text, "wrong.csv"));

        Assert.Equal("wrong.csv: expected a header with the columns stationCode and postcode", error.Message);
    }

    [Fact]
    public async Task Resolution_order_is_override_then_table_then_geocoder_then_unresolved()
    {
        var geocoder = new CountingGeocoder(new PostcodeResolution("93200", "Saint-Denis", PostcodeSource.Geocoder));
        var overrides = new Dictionary<string, PostcodeOverride> { ["16107"] = new() { Postcode = "75116", City = "Paris" } };
        var resolver = new PostcodeResolver(PostcodeTable.BuiltIn, overrides, geocoder, NullLogger<PostcodeResolver>.Instance);

        var fromOverride = await resolver.ResolveAsync(Station("16107", 48.86, 2.27), default);
        var fromTable = await resolver.ResolveAsync(Station("12126", 48.82, 2.41), default);
        var fromGeocoder = await resolver.ResolveAsync(Station("40001", 48.79, 2.45), default);
        var noPosition = await resolver.ResolveAsync(Station("40002", null, null), default);

        Assert.Equal(("75116", PostcodeSource.Override), (fromOverride.Postcode, fromOverride.Source));
        Assert.Equal(("94220", PostcodeSource.Table), (fromTable.Postcode, fromTable.Source));
        Assert.Equal(("93200", PostcodeSource.Geocoder), (fromGeocoder.Postcode, fromGeocoder.Source));
        Assert.Equal(PostcodeSource.Unresolved, noPosition.Source);
        Assert.Equal("not in the postcode table, and the feed gives no position to geocode", noPosition.Reason);
        Assert.Equal(1, geocoder.Calls);
    }

    [Fact]
    public async Task Without_geocoder_a_station_missing_from_the_table_is_unresolved()
    {
        var resolver = new PostcodeResolver(PostcodeTable.BuiltIn, new Dictionary<string, PostcodeOverride>(), null, NullLogger<PostcodeResolver>.Instance);

        var result = await resolver.ResolveAsync(Station("40001", 48.79, 2.45), default);

        Assert.False(result.IsResolved);
        Assert.Equal("not in the postcode table, and reverse geocoding is off", result.Reason);
    }

    private static StationMessage Station(string code, double? lat, double? lon) =>
        Messages.Station(code, null, 1, 0) with { Lat = lat, Lon = lon };

    private sealed class CountingGeocoder(PostcodeResolution answer) : IReverseGeocoder
    {
        public int Calls { get; private set; }

        public Task<PostcodeResolution> ReverseAsync(double lat, double lon, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(answer);
        }
    }
}
