using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Velib.Core.Configuration;
using Velib.Core.Feeds;
using Velib.Core.Gbfs;
using Velib.Core.Messages;
using Velib.Core.Snapshots;
using Velib.Core.Stations;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// Bounded, seeded fuzzing of the feed parsers and the record reader with mutations of real recorded data
/// (truncations, byte flips, deleted and duplicated ranges and fields, swapped value types). Every input either
/// parses or fails the documented way; no other exception escapes. Set <c>VELIB_FUZZ_SEED</c> to replay a run.
/// </summary>
public class FuzzTests
{
    private const int Iterations = 10_000;

    /// <summary>The seed of this run: <c>VELIB_FUZZ_SEED</c> if set, else a fixed one (reproducible by default).</summary>
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("VELIB_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 20251018;

    private static readonly string[] SliceCodes = ["16107", "32017", "11031", "40001", "12126"];

    /// <summary>The real feeds reduced to <see cref="SliceCodes"/>: cheap to mutate and parse.</summary>
    private static readonly byte[] StatusSlice = Fixture.Bytes(Fixture.Only(Fixture.StatusTree(), SliceCodes));

    private static readonly byte[] InformationSlice = Fixture.Bytes(Fixture.Only(Fixture.InformationTree(), SliceCodes));

    private static readonly FeedTick Tick = new(Fixture.StatusPublishedAt, FromFetchTime: false, Frozen: false, Problem: null);

    [Fact]
    public void The_status_parser_either_parses_or_throws_FeedFormatException() =>
        Fuzz(
            "StationStatus.Parse",
            small: StatusSlice,
            whole: Fixture.Status,
            tree: () => JsonNode.Parse(StatusSlice)!.AsObject(),
            check: input =>
            {
                var selection = input.Length % 2 == 0 ? StationSelection.Everything : StationSelection.Parse(StationSelection.DefaultCodes);
                var status = StationStatus.Parse(input, selection);
                var information = StationInformation.Parse(InformationSlice, selection);

                // What parses must also go through the join and checks without a crash.
                JoinAndBuild(status, information, selection);
            });

    [Fact]
    public void The_information_parser_either_parses_or_throws_FeedFormatException() =>
        Fuzz(
            "StationInformation.Parse",
            small: InformationSlice,
            whole: Fixture.Information,
            tree: () => JsonNode.Parse(InformationSlice)!.AsObject(),
            check: input =>
            {
                var selection = input.Length % 2 == 0 ? StationSelection.Everything : StationSelection.Parse(StationSelection.DefaultCodes);
                var information = StationInformation.Parse(input, selection);
                var status = StationStatus.Parse(StatusSlice, selection);
                JoinAndBuild(status, information, selection);
            });

    [Fact]
    public void The_record_reader_either_reads_or_returns_false_with_a_reason()
    {
        var messages = RealMessages.Snapshot.Messages;
        var bare = Encoding.UTF8.GetBytes(KafkaRecords.ToJson(messages[0]));
        var envelope = Encoding.UTF8.GetBytes(RealMessages.Envelope(messages[1]));
        var random = new Random(Seed);
        var failures = 0;
        var read = 0;
        var assembly = Assemblies.New();
        for (var i = 0; i < Iterations; i++)
        {
            var source = i % 2 == 0 ? bare : envelope;
            var (input, mutation) = i % 5 == 4
                ? MutateTree(random, i % 2 == 0 ? JsonNode.Parse(source)!.AsObject() : EnvelopeWithObjectValue(source))
                : Mutate(random, source);
            try
            {
                if (StationRecordReader.TryRead(input, out var message, out var reason))
                {
                    Assert.NotNull(message);
                    Assert.Null(reason);
                    // What reads must also go through the hosts' aggregation without a crash.
                    assembly.Process([message!]);
                    read++;
                }
                else
                {
                    Assert.Null(message);
                    Assert.False(string.IsNullOrWhiteSpace(reason), "no reason given");
                    Assert.DoesNotContain('\n', reason);
                    failures++;
                }
            }
            catch (Exception ex)
            {
                Assert.Fail(Report("StationRecordReader.TryRead", i, mutation, input, ex));
            }
        }

        // The mutations are neither all harmless nor all fatal.
        Assert.InRange(failures, Iterations / 10, Iterations - (Iterations / 50));
        Assert.InRange(read, Iterations / 50, Iterations);
    }

    private static void Fuzz(string target, byte[] small, byte[] whole, Func<JsonObject> tree, Action<byte[]> check)
    {
        var random = new Random(Seed);
        var parsed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            // Mostly a small real slice (cheap); every 1,000th iteration the whole recorded document.
            var (input, mutation) = i % 1000 == 999 ? Mutate(random, whole)
                : i % 4 == 3 ? MutateTree(random, tree())
                : Mutate(random, small);
            try
            {
                // Raw bytes on odd iterations (the parsers' own contract), repaired as FeedReader does on even ones.
                check(i % 2 == 0 ? FeedReader.Normalize(input) : input);
                parsed++;
            }
            catch (FeedFormatException ex)
            {
                Assert.DoesNotContain('\n', ex.Message);
            }
            catch (Exception ex)
            {
                Assert.Fail(Report(target, i, mutation, input, ex));
            }
        }

        Assert.InRange(parsed, Iterations / 50, Iterations - (Iterations / 50));
    }

    private static string Report(string target, int iteration, string mutation, byte[] input, Exception ex) =>
        $"{target} threw {ex.GetType().Name} at iteration {iteration} (seed {Seed}; replay with VELIB_FUZZ_SEED={Seed}), mutation {mutation}: "
        + $"{ex.Message}; input (base64, first 2,000 bytes): {Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 2000)))}";

    /// <summary>One to three byte-level mutations.</summary>
    private static (byte[] Input, string Mutation) Mutate(Random random, byte[] source)
    {
        var bytes = new List<byte>(source);
        var names = new List<string>();
        var count = random.Next(1, 4);
        for (var m = 0; m < count && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    names.Add($"truncate@{at}");
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    names.Add($"set@{at}");
                    break;
                case 2:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    names.Add($"flip@{at}");
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.RemoveRange(at, length);
                    names.Add($"delete@{at}+{length}");
                    break;
                case 4:
                    var copy = bytes.GetRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    bytes.InsertRange(random.Next(bytes.Count), copy);
                    names.Add($"duplicate@{at}+{copy.Count}");
                    break;
                default:
                    var token = Tokens[random.Next(Tokens.Length)];
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(token));
                    names.Add($"insert '{token}'@{at}");
                    break;
            }
        }

        return ([.. bytes], string.Join(", ", names));
    }

    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-1", "1e400", "\"\\u00", "\uFFFD", "\u00C3\u00B4", "0x10", "9223372036854775808"];

    /// <summary>One to three structural mutations of a real document: fields deleted, duplicated, or given a value of another type.</summary>
    private static (byte[] Input, string Mutation) MutateTree(Random random, JsonObject document)
    {
        var names = new List<string>();
        var count = random.Next(1, 4);
        for (var m = 0; m < count; m++)
        {
            var target = PickObject(random, document);
            if (target.Count == 0)
            {
                continue;
            }

            var property = target.ElementAt(random.Next(target.Count)).Key;
            switch (random.Next(3))
            {
                case 0:
                    target.Remove(property);
                    names.Add($"delete {property}");
                    break;
                case 1:
                    target[property] = Swapped(random);
                    names.Add($"swap {property}={target[property]?.ToJsonString() ?? "null"}");
                    break;
                default:
                    var value = target[property]?.DeepClone();
                    var list = target.ToList();
                    target.Clear();
                    foreach (var (key, node) in list)
                    {
                        target[key] = node;
                    }

                    // A duplicated field can only be written as text.
                    var json = document.ToJsonString();
                    var needle = $"\"{property}\":";
                    var at = json.IndexOf(needle, StringComparison.Ordinal);
                    names.Add($"duplicate {property}");
                    if (at >= 0)
                    {
                        var text = json.Insert(at, $"{needle}{value?.ToJsonString() ?? "null"},");
                        return (Encoding.UTF8.GetBytes(text), string.Join(", ", names));
                    }

                    break;
            }
        }

        return (Fixture.Bytes(document), string.Join(", ", names));
    }

    private static JsonObject PickObject(Random random, JsonObject document)
    {
        JsonNode current = document;
        for (var depth = 0; depth < 6; depth++)
        {
            var children = current switch
            {
                JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().Where(n => n is JsonObject or JsonArray).ToList(),
                JsonArray a => a.OfType<JsonNode>().Where(n => n is JsonObject or JsonArray).ToList(),
                _ => [],
            };
            if (children.Count == 0 || (current is JsonObject && random.Next(3) == 0))
            {
                break;
            }

            current = children[random.Next(children.Count)];
        }

        return current as JsonObject ?? document;
    }

    private static JsonNode? Swapped(Random random) => random.Next(11) switch
    {
        0 => null,
        1 => JsonValue.Create("16107"),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(long.MaxValue),
        4 => JsonValue.Create(1.5),
        5 => JsonValue.Create(true),
        6 => new JsonArray(1, "x", null),
        7 => new JsonObject { ["mechanical"] = 1, ["cargo"] = -2 },
        8 => JsonValue.Create(""),
        9 => new JsonArray(new JsonObject { ["cargo"] = ulong.MaxValue }, new JsonObject { ["tandem"] = long.MaxValue }),
        _ => JsonValue.Create("2025-13-45T99:99:99Z"),
    };

    private static JsonObject EnvelopeWithObjectValue(byte[] envelope)
    {
        var tree = JsonNode.Parse(envelope)!.AsObject();
        tree["Value"] = JsonNode.Parse((string)tree["Value"]!);
        return tree;
    }

    private static void JoinAndBuild(GbfsDocument<StationStatus> status, GbfsDocument<StationInformation> information, StationSelection selection)
    {
        foreach (var station in StationBuilder.Join(status, information, selection).Stations)
        {
            StationBuilder.Build(station, Tick, new Velib.Core.Postcodes.PostcodeResolution("75016", "Paris"), 1);
        }
    }
}
