using Velib.Core.Postcodes;

namespace Velib.Tests;

/// <summary>The built-in table is read without the CSV parser (start-up cost): it must come out exactly as the parser reads it.</summary>
public class PostcodeTableLoadingTests
{
    [Fact]
    public void The_built_in_table_reads_the_same_without_the_csv_parser()
    {
        using var forParser = PostcodeTable.OpenBuiltIn();
        var parsed = PostcodeTable.Load(forParser, "parsed");

        var builtIn = PostcodeTable.BuiltIn;

        Assert.Equal(parsed.Entries.Count, builtIn.Entries.Count);
        Assert.Equal(parsed.Entries.OrderBy(e => e.Key, StringComparer.Ordinal), builtIn.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void The_unquoted_reader_trims_fields_and_skips_blank_lines_as_the_parser_does()
    {
        const string Text = "stationCode , station_id,postcode,city\n\n 16107,213688169, 75116 ,Paris \n  \nbad,1,7501,Paris\n";

        var parsed = PostcodeTable.Load(new StringReader(Text), "parsed");
        var unquoted = PostcodeTable.LoadUnquoted(new StringReader(Text), "unquoted");

        Assert.Single(unquoted.Entries);
        Assert.False(unquoted.TryGet("bad", out _));
        Assert.Equal(parsed.Entries, unquoted.Entries);
        Assert.True(unquoted.TryGet("16107", out var entry));
        Assert.Equal(new PostcodeResolution("75116", "Paris"), entry);
    }
}
