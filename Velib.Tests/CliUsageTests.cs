using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// Every unusable value is a usage error: exit 2, one line per bad option or setting, named as the user wrote it with
/// what it takes, every one reported in the same run, never an "unexpected error". Mistakes of location are each told
/// apart, naming the path or URL as given; no control character of a bad input reaches the terminal.
/// </summary>
public class CliUsageTests
{
    private static readonly string[] Recorded = ["--status", Fixture.StatusPath, "--information", Fixture.InformationPath, "--geocoder", "off"];

    public static TheoryData<string, string[], string[]> BadValues => new()
    {
        { "", ["run", "--repeat", "abc", .. Recorded], ["velib: --repeat: 'abc' is not a whole number of 1 or more", "velib: try 'velib --help'"] },
        { "", ["snapshot", "--repeat", "0", .. Recorded], ["velib: --repeat: '0' is not a whole number of 1 or more", "velib: try 'velib --help'"] },
        { "", ["run", "--repeat", "99999999999", .. Recorded], ["velib: --repeat: '99999999999' is over 2147483647", "velib: try 'velib --help'"] },
        { "", ["run", "--repeat", "12a", .. Recorded], ["velib: --repeat: '12a' is not a whole number of 1 or more", "velib: try 'velib --help'"] },
        { "", ["run", "--repeat", "", .. Recorded], ["velib: --repeat: '' is not a whole number of 1 or more", "velib: try 'velib --help'"] },
        { "Velib__FeedTimeout=abc", ["run", .. Recorded], ["velib: Velib__FeedTimeout: 'abc' is not a duration, hh:mm:ss"] },
        { "Velib__TickDeadline=00:00:00.500", ["run", .. Recorded], ["velib: Velib__TickDeadline: '00:00:00.500' must be from 00:00:01 to 00:10:00"] },
        { "Velib__FeedTimeout=10", ["run", .. Recorded], ["velib: Velib__FeedTimeout: '10' (10 days) must be from 00:00:00.050 to 00:05:00"] }, // a bare number is days
        { "Velib__FeedTimeout=1", ["run", .. Recorded], ["velib: Velib__FeedTimeout: '1' (1 day) must be from 00:00:00.050 to 00:05:00"] },
        { "Velib__TickDeadline=1.12:00", ["run", .. Recorded], ["velib: Velib__TickDeadline: '1.12:00' (1.5 days) must be from 00:00:01 to 00:10:00"] },
        { "Velib__Geocoder__Enabled=maybe", ["run", "--status", Fixture.StatusPath, "--information", Fixture.InformationPath], ["velib: Velib__Geocoder__Enabled: 'maybe' is not true or false"] },
        { "Velib__MaxRetries=x", ["snapshot", .. Recorded], ["velib: Velib__MaxRetries: 'x' is not a whole number"] },
        { "Velib__MaxRetries=99", ["snapshot", .. Recorded], ["velib: Velib__MaxRetries: '99' must be between 0 and 10"] },
        { "Velib__MaxRetries=99999999999", ["snapshot", .. Recorded], ["velib: Velib__MaxRetries: '99999999999' must be between 0 and 10"] }, // past int's range: it said "is not a whole number"
        { "PATH=/usr/bin;VelibMaxRetries=x;Velib__MaxRetries=99", ["snapshot", .. Recorded], ["velib: Velib__MaxRetries: '99' must be between 0 and 10"] }, // the other variables are not velib's
        { "Velib__FeedTimout=00:00:05", ["run", .. Recorded], ["velib: Velib__FeedTimout: not a setting of velib (the README's Configuration lists them)"] },
        { "Velib__Geocoder=off", ["run", .. Recorded], ["velib: Velib__Geocoder: a group of settings, not one (the README's Configuration lists its settings)"] },
        { "Velib__PostcodeOverrides=x", ["run", .. Recorded], ["velib: Velib__PostcodeOverrides: a group of settings, not one (the README's Configuration lists its settings)"] },
        { "Velib__Stations__0=x-y", ["run", .. Recorded], ["velib: Velib__Stations__0: not a setting of velib (the README's Configuration lists them)"] }, // below a setting: binds to nothing
        { "Velib__FeedTimeout__x=abc", ["run", .. Recorded], ["velib: Velib__FeedTimeout__x: not a setting of velib (the README's Configuration lists them)"] },
        { "Velib__Geocoder__Enabled__0=maybe", ["run", .. Recorded], ["velib: Velib__Geocoder__Enabled__0: not a setting of velib (the README's Configuration lists them)"] },
        { "Velib__Stations__0=", ["run", .. Recorded], ["velib: Velib__Stations__0: not a setting of velib (the README's Configuration lists them)"] },
        { "Velib__PostcodeOverrides__x-y__Postcode=75001", ["run", .. Recorded], ["velib: Velib__PostcodeOverrides__x-y: 'x-y' is not a station code (ASCII letters, digits and '_' only)"] },
        { "Velib__PostcodeOverrides__x-y__Postcode=", ["run", .. Recorded], ["velib: Velib__PostcodeOverrides__x-y: 'x-y' is not a station code (ASCII letters, digits and '_' only)", "velib: Velib__PostcodeOverrides__x-y__Postcode: missing (a five-digit postcode)"] }, // an empty text setting is left to its check, even beside another failure
        { "Velib__PostcodeOverrides____Postcode=75001", ["run", .. Recorded], ["velib: Velib__PostcodeOverrides__: '' is not a station code (ASCII letters, digits and '_' only)"] },
        { "Velib__Stations=a\nb", ["run", .. Recorded], ["velib: Velib__Stations: 'a b' is not a station code (ASCII letters, digits and '_' only)"] }, // named by the variable, not by its key
        { "Velib__Stations=", ["run", .. Recorded], ["velib: Velib__Stations: no station code given (use codes like 16107,32017 or 'all')"] }, // an empty text setting is named with what it takes (it said "empty value" alone)
        { "Velib__StatusLocation= ", ["run", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: Velib__StatusLocation: empty (a URL or a file path; unset, the document is read below FeedBaseUrl)"] },
        { "Velib__FeedBaseUrl=", ["run", .. Recorded], ["velib: Velib__FeedBaseUrl: not an absolute http(s) URL"] },
        { "Velib__PostcodeTable=", ["run", .. Recorded], ["velib: Velib__PostcodeTable: empty (a CSV file path; unset, the built-in table is used)"] },
        { "Velib__PostcodeOverrides__16107__Postcode=75016;Velib__PostcodeOverrides__16107__City=", ["run", .. Recorded], ["velib: Velib__PostcodeOverrides__16107__City: empty value"] }, // its check takes an empty city: still refused
        { "Velib__Stations=16107;VELIB__STATIONS=16107", ["run", .. Recorded], ["velib: VELIB__STATIONS and Velib__Stations: one setting given 2 times (at most once; the names differ only in case)"] }, // it was "unexpected error"
        { "Velib__PostcodeOverrides__16107__Postcode=75016;Velib__PostcodeOverrides__16107__postcode=75016", ["run", "--stations", "16107", .. Recorded], ["velib: Velib__PostcodeOverrides__16107__Postcode and Velib__PostcodeOverrides__16107__postcode: one setting given 2 times (at most once; the names differ only in case)"] },
        { "Velib:Stations=x-y", ["run", .. Recorded], ["velib: Velib:Stations: 'x-y' is not a station code (ASCII letters, digits and '_' only)"] }, // the Functions app reads this form too: it was ignored
        { "Velib:Stations=16107;Velib__Stations=32017", ["run", .. Recorded], ["velib: Velib:Stations and Velib__Stations: one setting given 2 times (at most once; ':' and '__' both separate the parts of a name)"] },
        { "Velib__Stations=x-y", ["run", "--stations", "16107", .. Recorded], ["velib: Velib__Stations: 'x-y' is not a station code (ASCII letters, digits and '_' only)"] }, // overridden, still named
        { "Velib__Geocoder__Enabled=maybe", ["run", .. Recorded], ["velib: Velib__Geocoder__Enabled: 'maybe' is not true or false"] },
        { "Velib__Geocoder__Url=ftp://example.org/reverse", ["run", .. Recorded], ["velib: Velib__Geocoder__Url: not an absolute http(s) URL"] }, // the geocoder off, the value still wrong
        { "Velib__FeedTimeout=", ["aggregate"], ["velib: Velib__FeedTimeout: empty value (expected a duration, hh:mm:ss)"] },
        { "Velib__PostcodeOverrides__12126__City=Charenton-le-Pont", ["run", .. Recorded], ["velib: Velib__PostcodeOverrides__12126__Postcode: missing (a five-digit postcode)"] }, // named by the key the user did not give, as its neighbour was given
        { "Velib__PostcodeOverrides__15001__Postcode=75015;Velib__PostcodeOverrides__15001__City=" + new string('C', 70_000), ["run", .. Recorded], ["velib: Velib__PostcodeOverrides__15001__City: 70000 characters (at most 200)"] }, // would pass the consumer's record limit
        { "", ["run", "--stations", "", .. Recorded], ["velib: --stations: empty value (expected 16107,32017|all)", "velib: try 'velib --help'"] },
        { "", ["run", "--stations", "", "--postcodes", "a.csv", "--postcodes", "b.csv", .. Recorded], ["velib: --stations: empty value (expected 16107,32017|all)", "velib: --postcodes: given 2 times (at most once)", "velib: try 'velib --help'"] },
        { "", ["run", .. Recorded, "--stations", "16107", "--stations"], ["velib: --stations: given 2 times (at most once)", "velib: try 'velib --help'"] }, // the second without a value
        { "", ["run", "--repeat", "2", .. Recorded, "--repeat"], ["velib: --repeat: given 2 times (at most once)", "velib: try 'velib --help'"] },
        { "", ["snapshot", .. Recorded, "--geocoder"], ["velib: --geocoder: given 2 times (at most once)", "velib: try 'velib --help'"] },
        { "", ["map", .. Recorded, "--format", "geojson", "--format"], ["velib: --format: given 2 times (at most once)", "velib: try 'velib --help'"] },
        { "", ["aggregate", "--input", "-", "--input"], ["velib: --input: given 2 times (at most once)", "velib: try 'velib --help'"] },
        { "", ["run", "--stations", "", "--stations", "16107", .. Recorded, "--stations"], ["velib: --stations: given 3 times (at most once)", "velib: try 'velib --help'"] }, // one line, whatever its values
        { "", ["aggregate", "--repeat", "3"], ["velib: --repeat: not an option of aggregate (an option of snapshot, run and map)", "velib: try 'velib --help'"] }, // one line: it named '3' as an unrecognized argument too
        { "", ["run", "--Stations", "16107", .. Recorded], ["velib: --Stations: not an option of run (options are written in lower case: --stations)", "velib: try 'velib --help'"] },
        { "", ["snapshot", .. Recorded, "--format", "geojson", "--input", "-"], ["velib: --format: not an option of snapshot (an option of map)", "velib: --input: not an option of snapshot (an option of aggregate)", "velib: try 'velib --help'"] },
        { "", ["run", .. Recorded, "--bogus", "3", "-x", "--bogus=4", "5"], ["velib: --bogus: not an option of run ('velib run --help' lists its options)", "velib: -x: not an option of run ('velib run --help' lists its options)", "velib: Unrecognized command or argument '5'.", "velib: try 'velib --help'"] }, // '3' was named as an argument of its own
        { "", ["--bogus", "3"], ["velib: Required command was not provided.", $"velib: --bogus: not an option of {System.CommandLine.RootCommand.ExecutableName} ('velib --help' lists its options)", "velib: try 'velib --help'"] }, // velib's own help, not a command's; the root is named after the process (testhost here)
        { "", ["run", .. Recorded, "-"], ["velib: Unrecognized command or argument '-'.", "velib: try 'velib --help'"] }, // '-' (standard input) is an argument, not an option
        { "", ["run", .. Recorded, "--", "--repeat"], ["velib: Unrecognized command or argument '--repeat'.", "velib: try 'velib --help'"] }, // after '--', an argument, as written
        { "", ["run", "--stations", "a\nb", .. Recorded], ["velib: --stations: 'a b' is not a station code (ASCII letters, digits and '_' only)", "velib: try 'velib --help'"] },
        { "", ["run", "--stations", "16107,é1", .. Recorded], ["velib: --stations: 'é1' is not a station code (ASCII letters, digits and '_' only)", "velib: try 'velib --help'"] }, // é is a letter, not one a code holds
        { "", ["run", "--stations", "16107,ALL", .. Recorded], ["velib: --stations: 'all' stands alone: every station, or a list of codes", "velib: try 'velib --help'"] },
        { "", ["run", "--stations", "16107,a_station_code_of_33_characters__", .. Recorded], ["velib: --stations: a station code of 33 characters (at most 32)", "velib: try 'velib --help'"] }, // it said "letters, digits and '_' only", which it is
        { "", ["run", "--status", "", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: empty value (expected PATH|URL)", "velib: try 'velib --help'"] },
        { "", ["run", "--postcodes", " ", .. Recorded], ["velib: --postcodes: empty value (expected PATH)", "velib: try 'velib --help'"] },
        { "", ["aggregate", "--input", ""], ["velib: --input: empty value (expected PATH|-)", "velib: try 'velib --help'"] },
        { "", ["aggregate", "--input", "ftp://reader:s3cret@example.org/messages.jsonl?token=t0ken"], ["velib: --input: ftp://example.org/messages.jsonl: a URL, not a local file path (or - for standard input)", "velib: try 'velib --help'"] },
        { "", ["aggregate", "--input", "file:///etc/passwd"], ["velib: --input: file:///etc/passwd: a URL, not a local file path (or - for standard input)", "velib: try 'velib --help'"] },
        { "", ["aggregate", "--input", "http://example.org/x"], ["velib: --input: http://example.org/x: a URL, not a local file path (or - for standard input)", "velib: try 'velib --help'"] },
        { "", ["run", "--postcodes", "http://example.org/x.csv", .. Recorded], ["velib: --postcodes: http://example.org/x.csv: a URL, not a local file path", "velib: try 'velib --help'"] },
        { "Velib__PostcodeTable=https://reader:s3cret@example.org/x.csv?token=t0ken", ["map", .. Recorded], ["velib: Velib__PostcodeTable: https://example.org/x.csv: a URL, not a local file path"] },
        { "", ["run", "--postcodes", Fixture.Dir, .. Recorded], [$"velib: --postcodes: '{Fixture.Dir}' is a directory, not a file", "velib: try 'velib --help'"] },
        { "", ["run", "--postcodes", "/no/such/table.csv", .. Recorded], ["velib: --postcodes: no such file '/no/such/table.csv'", "velib: try 'velib --help'"] },
        { "", ["run", "--status", "ftp://reader:s3cret@example.org/station_status.json?token=t0ken", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: ftp://example.org/station_status.json: unsupported scheme 'ftp' (a location is an http(s) URL or a local file path)", "velib: try 'velib --help'"] },
        { "", ["snapshot", "--status", Fixture.StatusPath, "--information", "file:///tmp/station_information.json", "--geocoder", "off"], ["velib: --information: file:///tmp/station_information.json: unsupported scheme 'file' (a location is an http(s) URL or a local file path)", "velib: try 'velib --help'"] },
        { "Velib__StatusLocation=gopher://example.org/x", ["run", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: Velib__StatusLocation: gopher://example.org/x: unsupported scheme 'gopher' (a location is an http(s) URL or a local file path)"] },
        { "", ["run", "--status", "ftp://example.org", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: ftp://example.org: unsupported scheme 'ftp' (a location is an http(s) URL or a local file path)", "velib: try 'velib --help'"] },
        { "", ["run", "--status", "https://", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: https://…: not a valid URL", "velib: try 'velib --help'"] },
        { "", ["run", "--status", "https:/reader:s3cret@example.org/x?apikey=t0ken", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: https://…: not a valid URL", "velib: try 'velib --help'"] }, // a slash short: it said "no such file", naming the secrets
        { "", ["run", "--status", "https//reader:s3cret@example.org/x?apikey=t0ken", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: https://…: not a valid URL", "velib: try 'velib --help'"] }, // a colon short, likewise
        { "", ["run", "--status", "HTTPS", "--information", Fixture.InformationPath, "--geocoder", "off"], ["velib: --status: https://…: not a valid URL", "velib: try 'velib --help'"] }, // a bare scheme
        { "", ["run", .. Recorded[..^2], "--geocoder", "HTTP:reader:s3cret@example.org/x?apikey=t0ken"], ["velib: --geocoder: http://… is neither an absolute http(s) URL nor 'off'", "velib: try 'velib --help'"] },
        {
            "Velib__FeedTimeout=abc;Velib__Geocoder__Enabled=maybe;Velib__MaxRetries=x;Velib__Stations=;Velib__MaxRecordBytes=5",
            ["run", "--status", Fixture.StatusPath, "--information", Fixture.InformationPath],
            [
                "velib: Velib__FeedTimeout: 'abc' is not a duration, hh:mm:ss",
                "velib: Velib__Geocoder__Enabled: 'maybe' is not true or false",
                "velib: Velib__MaxRecordBytes: not a setting of velib (the README's Configuration lists them)",
                "velib: Velib__MaxRetries: 'x' is not a whole number",
                "velib: Velib__Stations: no station code given (use codes like 16107,32017 or 'all')",
            ]
        },
        {
            "Velib__FeedTimeout=abc",
            ["map", "--format", "pdf", "--stations", "", "--repeat", "abc", "--status", "ftp://example.org/station_status.json", "--information", Fixture.InformationPath],
            [
                "velib: --format: 'pdf' is not html or geojson",
                "velib: --stations: empty value (expected 16107,32017|all)",
                "velib: --status: ftp://example.org/station_status.json: unsupported scheme 'ftp' (a location is an http(s) URL or a local file path)",
                "velib: --repeat: 'abc' is not a whole number of 1 or more",
                "velib: Velib__FeedTimeout: 'abc' is not a duration, hh:mm:ss",
                "velib: try 'velib --help'",
            ]
        },
        {
            "Velib__FeedTimeout=abc",
            ["run", "--repeat", "abc", .. Recorded],
            ["velib: --repeat: 'abc' is not a whole number of 1 or more", "velib: Velib__FeedTimeout: 'abc' is not a duration, hh:mm:ss", "velib: try 'velib --help'"]
        },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Every_unusable_value_is_a_usage_error_naming_it(string environment, string[] args, string[] expected)
    {
        var variables = environment.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => (string?)v[1]);

        var (code, stdout, stderr) = await CliTests.Velib(args, environment: variables);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal(expected, stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("StatusLocation", "ftp://example.org/station_status.json", "ftp://example.org/station_status.json: unsupported scheme 'ftp' (a location is an http(s) URL or a local file path)")]
    [InlineData("StatusLocation", "ftp://example.org/", "ftp://example.org/: unsupported scheme 'ftp' (a location is an http(s) URL or a local file path)")] // named as given, its slash kept
    [InlineData("StatusLocation", "file:///srv/station_status.json", "file:///srv/station_status.json: unsupported scheme 'file' (a location is an http(s) URL or a local file path)")]
    [InlineData("StatusLocation", "s3://velib/station_status.json", "s3://velib/station_status.json: unsupported scheme 's3' (a location is an http(s) URL or a local file path)")] // a scheme of two letters
    [InlineData("StatusLocation", "http://exa mple.org/station_status.json", "http://…: not a valid URL")] // unparsed, so named by its scheme alone
    [InlineData("StatusLocation", " ", "empty (a URL or a file path; unset, the document is read below FeedBaseUrl)")]
    [InlineData("Stations", " , ", "no station code given (use codes like 16107,32017 or 'all')")]
    [InlineData("PostcodeTable", " ", "empty (a CSV file path; unset, the built-in table is used)")]
    [InlineData("PostcodeTable", "ftp://example.org/postcodes.csv", "ftp://example.org/postcodes.csv: a URL, not a local file path")]
    [InlineData("PostcodeOverrides:x-y:Postcode", "75001", "'x-y' is not a station code (ASCII letters, digits and '_' only)", "PostcodeOverrides:x-y")]
    [InlineData("PostcodeOverrides:a_station_code_of_33_characters__:Postcode", "75001", "a station code of 33 characters (at most 32)", "PostcodeOverrides:a_station_code_of_33_characters__")]
    public void The_functions_refuse_an_unusable_setting_at_start_up(string setting, string value, string failure, string? named = null)
    {
        var settings = Pipeline.RecordedSettings();
        settings["Velib:" + setting] = value;
        using var services = Pipeline.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VelibOptions>>().Value);

        Assert.Equal($"Velib:{named ?? setting}: {failure}", Assert.Single(error.Failures));
    }

    [Fact]
    public void A_path_whose_part_before_the_colon_is_no_scheme_is_a_file_path()
    {
        // "./feeds" cannot be a URL scheme: the location is a local path, read (and failing, if absent) as such.
        var settings = Pipeline.RecordedSettings();
        settings["Velib:StatusLocation"] = "./feeds://station_status.json";
        using var services = Pipeline.Build(settings);

        Assert.Equal("./feeds://station_status.json", services.GetRequiredService<IOptions<VelibOptions>>().Value.ResolveStatusLocation());
    }

    [Theory]
    [InlineData("loop", "Too many levels of symbolic links")]
    [InlineData("file/x", "no such file")]
    public async Task The_same_unreadable_path_for_both_documents_is_named_as_a_file_error(string name, string problem)
    {
        // The check for one pipe given twice followed the path first, and threw: "unexpected error: IOException".
        var directory = Directory.CreateTempSubdirectory("velib-both-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(directory.FullName, "loop"), "loop");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "file"), "");
            var path = Path.Combine(directory.FullName, name);

            var (code, stdout, stderr) = await CliTests.Velib(["run", "--status", path, "--information", path, "--geocoder", "off"]);

            Assert.Equal(1, code);
            Assert.Empty(stdout);
            Assert.StartsWith($"velib: {path}: {problem}", stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A feed (read by Velib.Core) or an aggregate input (read by the CLI) that is no file, named alike.</summary>
    /// <param name="name">In the fixtures' directory: none (the directory itself), a missing file, a name longer than a system takes (… stands for 300 x); <c>file/</c> is the status file with a slash after it.</param>
    [Theory]
    [InlineData("--status", "", "is a directory, not a file")]
    [InlineData("--status", "file/", "no such file")] // it said "Could not find a part of the path '…/station_status.json/'."
    [InlineData("--status", "….json", "The path '{0}' is too long, or a component of the specified path is too long.")] // the runtime's words; it said "no such file"
    [InlineData("--input", "", "is a directory, not a file")]
    [InlineData("--input", "file/", "no such file")]
    [InlineData("--input", "no-such-messages.jsonl", "no such file")]
    [InlineData("--input", "….jsonl", "The path '{0}' is too long, or a component of the specified path is too long.")]
    public async Task A_path_that_is_no_file_is_named_as_such(string option, string name, string problem)
    {
        var path = name == "file/" ? Fixture.StatusPath + "/" : Path.Combine(Fixture.Dir, name.Replace("…", new string('x', 300), StringComparison.Ordinal));
        string[] args = option == "--input" ? ["aggregate", option, path] : ["run", option, path, "--information", Fixture.InformationPath, "--geocoder", "off"];

        var (code, stdout, stderr) = await CliTests.Velib(args);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"velib: {path}: {string.Format(CultureInfo.InvariantCulture, problem, path)}", stderr.TrimEnd());
    }

    /// <summary>A relative path through a folder named <c>http</c> is a path: only <c>http:</c> or <c>http//</c> is read as a URL mistyped.</summary>
    [Fact]
    public async Task A_path_through_a_folder_named_http_is_a_path()
    {
        var (code, stdout, stderr) = await CliTests.Velib(["run", "--status", "http/station_status.json", "--information", Fixture.InformationPath, "--geocoder", "off"]);

        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal("velib: http/station_status.json: no such file", stderr.TrimEnd());
    }

    /// <summary>
    /// A value starting with <c>@</c> is the path as written: the parser's response files (undocumented) read the file
    /// after the <c>@</c> as more arguments, so that a readable file's lines were echoed on stderr as "unrecognized".
    /// </summary>
    [Theory]
    [InlineData("aggregate", "--input")]
    [InlineData("run", "--status")]
    public async Task A_value_starting_with_at_is_a_path_not_a_file_of_arguments(string command, string option)
    {
        var path = "@" + Fixture.StatusPath; // relative: no such file here
        string[] args = command == "aggregate" ? [command, option, path] : [command, option, path, "--information", Fixture.InformationPath, "--geocoder", "off"];

        var (code, stdout, stderr) = await CliTests.Velib(args);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"velib: {path}: no such file", stderr.TrimEnd());
    }

    [Theory]
    [InlineData("--status")]
    [InlineData("--input")]
    [InlineData("--postcodes")]
    public async Task A_file_error_names_the_path_once(string option)
    {
        // A link to itself: the runtime's message, "Too many levels of symbolic links : '/tmp/…/loop'", named it twice.
        var folder = Directory.CreateTempSubdirectory("velib-loop-");
        try
        {
            var loop = Path.Combine(folder.FullName, "loop");
            File.CreateSymbolicLink(loop, loop);
            string[] args = option switch
            {
                "--input" => ["aggregate", option, loop],
                "--status" => ["run", option, loop, "--information", Fixture.InformationPath, "--geocoder", "off"],
                _ => ["run", option, loop, .. Recorded],
            };

            var (code, stdout, stderr) = await CliTests.Velib(args);

            Assert.Equal((1, ""), (code, stdout));
            Assert.Equal($"velib: {loop}: Too many levels of symbolic links", stderr.TrimEnd());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_read_error_of_aggregate_s_input_names_the_path_once()
    {
        // Opened, but unreadable from its start (address 0 is never mapped): the read's message named the path again.
        var (code, stdout, stderr) = await CliTests.Velib(["aggregate", "--input", "/proc/self/mem"]);

        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal("velib: /proc/self/mem: Input/output error", stderr.TrimEnd());
    }

    [Fact]
    public async Task Control_characters_of_bad_input_never_reach_stderr_raw()
    {
        // Terminal escapes (ESC, a C1 CSI, BEL) in a path and in a station code, both echoed in the messages about them.
        var (missingCode, _, missing) = await CliTests.Velib(["run", "--status", "/no/such/\u001b[2J\u009bstatus.json", "--information", Fixture.InformationPath, "--geocoder", "off"]);
        var (stationsCode, _, stations) = await CliTests.Velib(["run", "--stations", "16107,\u0007\u001b]0;x", .. Recorded]);

        Assert.Equal((1, 2), (missingCode, stationsCode));
        Assert.Equal("velib: /no/such/\\u001b[2J\\u009bstatus.json: no such file", missing.TrimEnd());
        Assert.Equal(["velib: --stations: '\\u0007\\u001b]0;x' is not a station code (ASCII letters, digits and '_' only)", "velib: try 'velib --help'"], stations.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.All(missing + stations, c => Assert.False(char.IsControl(c) && c is not '\n' and not '\r', $"U+{(int)c:X4} on stderr"));
    }
}
