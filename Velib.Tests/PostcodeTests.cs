using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Core.Messages;
using Velib.Core.Postcodes;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>The reference table shipped with Velib.Core, and the resolution order.</summary>
public class PostcodeTests
{
    [Fact]
    public void The_built_in_table_holds_the_real_rows_and_its_gaps()
    {
        var table = PostcodeTable.BuiltIn;
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "station-postcodes.csv")).Skip(1).Select(line => line.Split(',')).ToList();

        // 1,462 rows; the two whose postcode (and city) is empty, 11025 and 18008, are gaps; every other row is kept as it is.
        Assert.Equal(1462, rows.Count);
        Assert.Equal(1460, rows.Count(row => table.TryGet(row[0], out var entry) && entry == new PostcodeResolution(row[2], row[3])));
        Assert.True(table.TryGet("11025", out var gap));
        Assert.Equal(new PostcodeResolution(null, null), gap);
        Assert.True(table.TryGet("18008", out gap));
        Assert.Equal(new PostcodeResolution(null, null), gap);
        Assert.True(table.TryGet("12126", out var charenton));
        Assert.Equal(new PostcodeResolution("94220", "Charenton-le-Pont"), charenton);
        Assert.True(table.TryGet("11031_relais", out var relais));
        Assert.Equal("75011", relais.Postcode);
    }

    [Fact]
    public void A_table_file_replaces_the_built_in_one()
    {
        var longestCode = new string('7', StationSelection.MaxCodeLength);
        using var text = new StringReader($"stationCode , station_id,postcode,city\n\n 16107,213688169, 75116 ,Paris 16e \n  \ngap,1, ,\n32017,1,93200,\n{longestCode},1,75001,Paris\n");

        var table = PostcodeTable.Load(text, "test.csv");

        Assert.True(table.TryGet("16107", out var entry));
        Assert.Equal(new PostcodeResolution("75116", "Paris 16e"), entry);
        Assert.True(table.TryGet("32017", out entry));
        Assert.Equal(new PostcodeResolution("93200", null), entry);
        Assert.True(table.TryGet(longestCode, out entry));
        Assert.True(table.TryGet("gap", out entry));
        Assert.Equal(new PostcodeResolution(null, null), entry);
        Assert.False(table.TryGet("12126", out _));
    }

    [Theory]
    [InlineData("\n16107,213688169,75116,\"Paris, 16e\"\n", "table.csv: line 3 has a quoted field; write the table without quotes")]
    [InlineData("{\"stationCode\":\"16107\",\"postcode\":\"75016\"}\n", "table.csv: line 2 is JSON, not a CSV row (stationCode,station_id,postcode,city)")] // a feed or velib's output given as the table: it said "has a quoted field"
    [InlineData("32017,1,93200,\n16107,213688169,7501,Paris\n", "table.csv: line 3: '7501' is not a five-digit postcode")]
    [InlineData("16107,213688169, 75O16 ,Paris\n", "table.csv: line 2: '75O16' is not a five-digit postcode")]
    [InlineData("16107,213688169,７５０１６,Paris\n", "table.csv: line 2: '７５０１６' is not a five-digit postcode")] // full-width digits
    [InlineData("16107,1,75016,Paris\n32017,1,93200,\n\n16107,1,75116,Paris 16e\n", "table.csv: line 5: station 16107 is already on line 2")]
    [InlineData("11025,82405965,,\n11025,82405965,75011,Paris\n", "table.csv: line 3: station 11025 is already on line 2")] // a gap row holds its code too
    [InlineData("16107,213688169,75016,Paris,16e\n", "table.csv: line 2: 5 fields, the header has 4 (a comma inside a value?)")]
    [InlineData("16107,213688169,75016,Paris\n,1,75001,Paris\n", "table.csv: line 3: no station code")]
    [InlineData("a_station_code_of_33_characters__,1,75001,Paris\n", "table.csv: line 2: a station code of 33 characters (at most 32)")] // no feed's code is as long
    public void A_table_with_a_bad_row_is_refused_with_its_line(string rows, string message)
    {
        using var text = new StringReader("stationCode,station_id,postcode,city\n" + rows);

        var error = Assert.Throws<InvalidDataException>(() => PostcodeTable.Load(text, "table.csv"));

        Assert.Equal(message, error.Message);
    }

    /// <summary>A table file is read under a cap, so that a file of one huge line (or /dev/zero) is refused, not held whole.</summary>
    [Theory]
    [InlineData(0, false)] // exactly the cap: read
    [InlineData(1, true)]
    public void A_table_over_the_size_cap_is_refused_before_it_is_held_whole(int over, bool refused)
    {
        const string header = "stationCode,station_id,postcode,city\n";
        var path = Path.GetTempFileName();
        File.WriteAllText(path, header + new string(' ', PostcodeTable.MaxChars - header.Length + over));

        var error = Record.Exception(() => PostcodeTable.Load(path));
        File.Delete(path);

        Assert.Equal(refused ? $"{path}: over the 16777216-character limit of a postcode table" : null, error?.Message);
    }

    /// <summary>An endless table ends at the cap: a read of it whole would never return.</summary>
    [Fact]
    public void An_endless_table_is_refused_at_the_cap()
    {
        var error = Assert.Throws<InvalidDataException>(() => PostcodeTable.Load("/dev/zero"));

        Assert.Equal("/dev/zero: over the 16777216-character limit of a postcode table", error.Message);
    }

    /// <summary>A city of 70,000 characters put every message of its stations over the consumer's record limit: the postcode's total was lost.</summary>
    [Theory]
    [InlineData(200, null)]
    [InlineData(201, "table.csv: line 3: a city of 201 characters (at most 200)")]
    [InlineData(70_000, "table.csv: line 3: a city of 70000 characters (at most 200)")]
    public void A_city_longer_than_a_message_holds_is_refused_with_its_line(int length, string? message)
    {
        using var text = new StringReader($"stationCode,station_id,postcode,city\n16107,213688169,75016,Paris\n32017,1,93200,{new string('C', length)}\n");

        var error = Record.Exception(() => PostcodeTable.Load(text, "table.csv"));

        Assert.Equal(message, error?.Message);
    }

    [Theory]
    [InlineData("code;zip\n16107;75016\n")]
    [InlineData("stationCode,station_id,city\n16107,213688169,Paris\n")] // no postcode column
    [InlineData("code,station_id,postcode,city\n16107,213688169,75016,Paris\n")] // no stationCode column
    public void A_table_without_the_expected_columns_is_refused_with_its_name(string csv)
    {
        using var text = new StringReader(csv);

        var error = Assert.Throws<InvalidDataException>(() => PostcodeTable.Load(text, "wrong.csv"));

        Assert.Equal("wrong.csv: expected a header with the columns stationCode and postcode", error.Message);
    }

    [Theory]
    [InlineData("stationCode,station_id,postcode,city,postcode\n16107,213688169,75016,Paris,75116\n", "postcode")] // the corrected column was never read
    [InlineData("stationCode,city,postcode,city\n16107,Paris,75016,Paris 16e\n", "city")]
    [InlineData("stationCode,postcode,stationCode\n16107,75016,32017\n", "stationCode")]
    public void A_header_naming_a_column_twice_is_refused(string csv, string column)
    {
        using var text = new StringReader(csv);

        var error = Assert.Throws<InvalidDataException>(() => PostcodeTable.Load(text, "twice.csv"));

        Assert.Equal($"twice.csv: line 1: the header names the column {column} twice", error.Message);
    }

    [Fact]
    public void A_table_file_that_cannot_be_read_is_refused_with_its_path()
    {
        var path = Path.Combine(Fixture.Dir, "no-such-table.csv");

        var error = Assert.Throws<InvalidDataException>(() => PostcodeTable.Load(path));

        Assert.StartsWith($"{path}: Could not find file", error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Theory]
    [InlineData("postcode,stationCode\n75116,16107\n93200,32017\n")] // columns found by name, in any order; no city column
    [InlineData("stationCode,station_id,postcode,city\n16107,213688169,75116\n32017,19179944124,93200\n")] // rows shorter than the header
    public void Columns_are_found_by_name_and_a_city_the_table_lacks_is_none(string csv)
    {
        using var text = new StringReader(csv);

        var table = PostcodeTable.Load(text, "test.csv");

        Assert.True(table.TryGet("16107", out var godard));
        Assert.True(table.TryGet("32017", out var basilique));
        Assert.Equal((new PostcodeResolution("75116", null), new PostcodeResolution("93200", null)), (godard, basilique));
    }

    /// <summary>An override's city is trimmed, and none when blank, as a city of the table or the geocoder is (the Functions app has no empty-setting check).</summary>
    [Theory]
    [InlineData(" Paris 16e ", "Paris 16e")]
    [InlineData(" ", null)]
    [InlineData("", null)]
    public async Task An_override_s_city_is_trimmed_and_none_when_blank(string city, string? kept)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:PostcodeOverrides:16107:Postcode"] = "75116";
        settings["Velib:PostcodeOverrides:16107:City"] = city;
        await using var services = Pipeline.Build(settings);

        var resolution = await services.GetRequiredService<PostcodeResolver>().ResolveAsync("16107", null, null, default);

        Assert.Equal(new PostcodeResolution("75116", kept), resolution);
    }

    [Fact]
    public async Task Resolution_order_is_override_then_table_then_geocoder_then_unresolved()
    {
        await using var server = await LoopbackServer.StartAsync(Respond.Json(Fixture.GeocoderCreteilAnswer));
        var settings = Reliability.GeocoderFaultTests.GeocoderSettings(server.Url("geocodage/reverse").ToString());
        settings["Velib:PostcodeOverrides:16107:Postcode"] = "75116";
        settings["Velib:PostcodeOverrides:16107:City"] = "Paris";
        var clock = new TestClock(Fixture.StatusPublishedAt);
        await using var services = Pipeline.Build(settings, clock);
        var resolver = services.GetRequiredService<PostcodeResolver>();

        var fromOverride = await resolver.ResolveAsync("16107", 48.86, 2.27, default);
        var fromTable = await resolver.ResolveAsync("12126", 48.82, 2.41, default);
        var fromGeocoder = await clock.RunAsync(resolver.ResolveAsync("40001", 48.79, 2.45, default).AsTask(), Reliability.Faults.Horizon);
        var tableGap = await clock.RunAsync(resolver.ResolveAsync("11025", 48.80, 2.46, default).AsTask(), Reliability.Faults.Horizon);
        var noPosition = await resolver.ResolveAsync("40002", null, null, default);
        var latitudeOnly = await clock.RunAsync(resolver.ResolveAsync("40002", 48.79, null, default).AsTask(), Reliability.Faults.Horizon);
        var longitudeOnly = await clock.RunAsync(resolver.ResolveAsync("40002", null, 2.45, default).AsTask(), Reliability.Faults.Horizon);

        // 16107 is 75016 in the table: the override wins. 12126 is in the table: the geocoder is not asked.
        Assert.True(PostcodeTable.BuiltIn.TryGet("16107", out var tableRow));
        Assert.Equal("75016", tableRow.Postcode);
        Assert.Equal(new PostcodeResolution("75116", "Paris"), fromOverride);
        Assert.Equal(new PostcodeResolution("94220", "Charenton-le-Pont"), fromTable);
        Assert.Equal(new PostcodeResolution("94000", "Créteil"), fromGeocoder);
        Assert.Equal(fromGeocoder, tableGap); // a row without postcode is a gap the geocoder fills
        Assert.Equal(PostcodeResolution.Unresolved("not in the postcode table, and the feed gives no position to geocode"), noPosition);
        Assert.Equal(noPosition, latitudeOnly); // one coordinate is no position: the geocoder is not asked
        Assert.Equal(noPosition, longitudeOnly);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [InlineData("40001", "not in the postcode table, and reverse geocoding is off")]
    [InlineData("11025", "in the postcode table without a postcode, and reverse geocoding is off")] // it said "not in the postcode table"
    public async Task Without_geocoder_a_station_missing_from_the_table_is_unresolved(string stationCode, string reason)
    {
        var resolver = new PostcodeResolver(PostcodeTable.BuiltIn, new Dictionary<string, PostcodeOverride>(), null);

        var result = await resolver.ResolveAsync(stationCode, 48.79, 2.45, default);

        Assert.Equal(PostcodeResolution.Unresolved(reason), result);
    }

    [Theory]
    [InlineData("7501")]
    [InlineData("75O16")]
    [InlineData("")]
    [InlineData("٧٥٠١٦")] // Arabic-Indic digits
    [InlineData("７５０１６")] // full-width digits
    public void A_postcode_override_that_is_not_five_digits_is_refused_at_start_up(string postcode)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:PostcodeOverrides:16107:Postcode"] = postcode;
        using var services = Pipeline.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VelibOptions>>().Value);

        var problem = postcode.Length == 0 ? "missing (a five-digit postcode)" : $"'{postcode}' is not a five-digit postcode";
        Assert.Equal($"Velib:PostcodeOverrides:16107:Postcode: {problem}", Assert.Single(error.Failures));
    }

    /// <summary>The table's limit for a city holds for an override's too: its messages must stay below the consumer's record limit.</summary>
    [Theory]
    [InlineData(200, null)]
    [InlineData(201, "Velib:PostcodeOverrides:16107:City: 201 characters (at most 200)")]
    public void An_override_city_longer_than_a_message_holds_is_refused_at_start_up(int length, string? message)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:PostcodeOverrides:16107:Postcode"] = "75116";
        settings["Velib:PostcodeOverrides:16107:City"] = new string('C', length);
        using var services = Pipeline.Build(settings);

        var error = Record.Exception(() => services.GetRequiredService<IOptions<VelibOptions>>().Value);

        Assert.Equal(message, (error as OptionsValidationException)?.Failures.Single() ?? error?.Message);
    }
}
