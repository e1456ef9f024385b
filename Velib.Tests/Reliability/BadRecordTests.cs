using System.Text.Json.Nodes;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// Bad Kafka records mixed into a batch of real station messages, through the tick assembly the hosts use: each is
/// skipped with its origin and reason, and every valid record of the batch is still aggregated, to the exact totals.
/// </summary>
public class BadRecordTests
{
    private const int MaxRecordBytes = 64 * 1024;

    [Fact]
    public void Every_bad_record_is_skipped_with_its_reason_and_every_valid_one_is_summed()
    {
        var bad = BadRecords();
        var valid = RealMessages.Snapshot.Messages.Select(RealMessages.Envelope).ToList();
        var batch = new List<InboundRecord>();
        var offset = 0;
        for (var i = 0; i < Math.Max(bad.Count, valid.Count); i++)
        {
            if (i < valid.Count)
            {
                batch.Add(InboundRecord.FromText(valid[i], $"partition 0, offset {offset++}"));
            }

            if (i < bad.Count)
            {
                batch.Add(new InboundRecord(bad[i].Utf8, $"partition 0, offset {offset++}"));
            }
        }

        var result = Assemblies.New().Process(batch);

        Assert.Equal(bad.Count, result.Rejected.Count);
        for (var i = 0; i < bad.Count; i++)
        {
            var rejected = result.Rejected[i];
            Assert.Equal(batch.Single(r => r.Utf8.Equals(bad[i].Utf8)).Origin, rejected.Origin);
            Assert.True(rejected.Reason.StartsWith(bad[i].Reason, StringComparison.Ordinal), $"{bad[i].Name}: '{rejected.Reason}' does not start with '{bad[i].Reason}'");
            Assert.DoesNotContain('\n', rejected.Reason);
        }

        AssertRealTotals(result);
    }

    [Fact]
    public void A_batch_of_only_bad_records_gives_no_totals_and_no_crash()
    {
        var result = Assemblies.New().Process(BadRecords().Select((b, i) => new InboundRecord(b.Utf8, $"line {i + 1}")));

        Assert.Empty(result.Published);
        Assert.Equal(0, result.Held);
        Assert.Equal(BadRecords().Count, result.Rejected.Count);
        Assert.Equal(Enumerable.Range(1, BadRecords().Count).Select(i => $"line {i}"), result.Rejected.Select(r => r.Origin));
    }

    [Fact]
    public void Bare_messages_and_envelopes_with_an_object_value_are_read_alike()
    {
        var records = new List<InboundRecord>();
        foreach (var message in RealMessages.Snapshot.Messages)
        {
            var envelope = JsonNode.Parse(RealMessages.Envelope(message))!.AsObject();
            envelope["Value"] = JsonNode.Parse((string)envelope["Value"]!);
            records.Add(InboundRecord.FromText(records.Count % 2 == 0 ? KafkaRecords.ToJson(message) : envelope.ToJsonString(), $"line {records.Count + 1}"));
        }

        var result = Assemblies.New().Process(records);

        Assert.Empty(result.Rejected);
        AssertRealTotals(result);
    }

    [Fact]
    public void A_record_exactly_at_the_limit_is_read_and_one_byte_more_is_not()
    {
        var text = KafkaRecords.ToJson(RealMessages.Of("16107"));
        var limit = StationRecordReader.MaxBytes;
        var padded = text[..^1] + new string(' ', limit - text.Length) + "}";
        Assert.Equal(limit, padded.Length);

        Assert.True(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(padded), out _, out var reason), reason);
        Assert.False(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(padded + " "), out var message, out reason));
        Assert.Null(message);
        Assert.Equal("record of 65537 bytes is over the 65536-byte limit", reason);
    }

    /// <summary>The recorded values: 75016 = 16107 + 16108 + 16118, 75011 = 11031, 93200 = 32017; 40001 and 11025 have no postcode.</summary>
    internal static void AssertRealTotals(TickBatchResult result)
    {
        Assert.Equal(["75011", "75016", "93200"], result.Published.Select(t => t.Postcode));
        Assert.Equal([8, 33, 9], result.Published.Select(t => t.TotalBikes));
        Assert.Equal([5, 27, 4], result.Published.Select(t => t.MechanicalBikes));
        Assert.Equal([3, 6, 5], result.Published.Select(t => t.ElectricBikes));
        Assert.Equal([29, 63, 11], result.Published.Select(t => t.DocksAvailable));
        Assert.Equal(["16107", "16108", "16118"], result.Published[1].StationCodes);
        Assert.All(result.Published, t => Assert.True(t.Complete));
        Assert.Equal(2, result.Unresolved);
    }

    /// <summary>The bounds themselves are taken: a name and a city of 200 characters, 32 flags of 48 (the held state stays a few KB a station).</summary>
    [Fact]
    public void A_message_at_the_bounds_of_its_text_is_summed()
    {
        var flags = Enumerable.Range(0, 32).Select(i => $"{i:00}".PadRight(48, 'q')).ToList();
        var station = RealMessages.Of("16107") with { Name = new string('n', 200), City = new string('c', 200), Quality = flags, StationsInPostcode = 1 };

        var result = Assemblies.New().Process(Assemblies.Records([station]));

        Assert.Empty(result.Rejected);
        var totals = Assert.Single(result.Published);
        Assert.Equal(new string('c', 200), totals.City);
        Assert.Equal(flags, totals.Quality);
    }

    internal sealed record Bad(string Name, ReadOnlyMemory<byte> Utf8, string Reason);

    /// <summary>Every kind of bad record, each derived from a real message, with the start of the reason it must be given.</summary>
    internal static List<Bad> BadRecords()
    {
        var godard = RealMessages.Of("16107");
        var envelope = JsonNode.Parse(RealMessages.Envelope(godard))!.AsObject();

        var noValue = (JsonObject)envelope.DeepClone();
        noValue.Remove("Value");
        var numberValue = (JsonObject)envelope.DeepClone();
        numberValue["Value"] = 42;
        var textValue = (JsonObject)envelope.DeepClone();
        textValue["Value"] = "station 16107 has 5 bikes";
        var otherObjectValue = (JsonObject)envelope.DeepClone();
        otherObjectValue["Value"] = """{"lat":48.865983,"lon":2.275725}""";
        var newer = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        newer["schemaVersion"] = 2;
        newer["bikesAvailable"] = 500;
        var textVersion = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        textVersion["schemaVersion"] = "1";
        var newerInEnvelope = (JsonObject)envelope.DeepClone();
        newerInEnvelope["Value"] = newer.ToJsonString();
        var negative = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        negative["electric"] = -4;
        var countsNoStation = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        countsNoStation["stationsInPostcode"] = 0;
        var badPostcode = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        badPostcode["postcode"] = "7516";
        var noCode = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        noCode.Remove("stationCode");
        var stringCount = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        stringCount["bikesAvailable"] = "5";
        var nullQuality = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        nullQuality["quality"] = null;
        var nullFlag = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        nullFlag["quality"] = JsonNode.Parse("""["stale",null]""");
        var emptyCode = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        emptyCode["stationCode"] = "";
        var blankCode = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        blankCode["stationCode"] = " \t ";
        var controlCode = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        controlCode["stationCode"] = "161\n07";
        var longCode = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        longCode["stationCode"] = new string('7', 33);
        var longTick = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        longTick["tick"] = "the eighteenth of October 2025, at nine past nine";
        var yearOne = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        yearOne["tick"] = "0001-01-01T00:05:00Z"; // within the horizon of the first day of the calendar
        var missing = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        missing.Remove("tick");
        missing.Remove("bikesAvailable");
        var totals = KafkaRecords.ToJson(new PostcodeTotals
        {
            SchemaVersion = 1,
            Postcode = "75016",
            TotalBikes = 5,
            MechanicalBikes = 1,
            ElectricBikes = 4,
            DocksAvailable = 30,
            StationCount = 1,
            StationsExpected = 1,
            Complete = true,
            StationCodes = ["16107"],
            Tick = godard.Tick,
            ComputedAt = godard.Tick,
            Quality = [],
        });
        var totalsNow = JsonNode.Parse(totals)!.AsObject();
        totalsNow["schemaVersion"] = PostcodeTotals.CurrentSchemaVersion;
        var longName = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        longName["name"] = new string('n', 201);
        var longCity = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        longCity["city"] = new string('c', 201);
        var longFlag = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        longFlag["quality"] = new JsonArray(new string('q', 49));
        var manyFlags = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        manyFlags["quality"] = new JsonArray([.. Enumerable.Range(0, 33).Select(i => JsonValue.Create($"flag-{i}"))]);
        var oversized = JsonNode.Parse(KafkaRecords.ToJson(godard))!.AsObject();
        oversized["name"] = new string('x', 70_000);
        var oversizedText = oversized.ToJsonString();

        return
        [
            Text("not JSON", "Benjamin Godard - Victor Hugo: 5 bikes", "not JSON: "),
            Text("truncated JSON", KafkaRecords.ToJson(godard)[..100], "not JSON: "),
            Text("trailing garbage", KafkaRecords.ToJson(godard) + "}", "not JSON: "),
            Text("a broken literal", KafkaRecords.ToJson(godard).Replace("\"isInstalled\":true", "\"isInstalled\":tru", StringComparison.Ordinal),
                "not JSON: 'tru,\"isRenting\":true,\"isReturning\":true,…' is an invalid JSON literal. Expected the literal 'true'."),
            Text("empty (a Kafka tombstone, a null value)", "", "empty: the record has no value"),
            Text("a list", "[1,2,3]", "not a JSON object"),
            Text("a number", "16107", "not a JSON object"),
            Text("another object", """{"hello":"world"}""", "not a station message: no schemaVersion"),
            Text("the other contract", totals, "not a station message: a postcode total (of velib-projet-final-data)"),
            Text("the other contract, today's version", totalsNow.ToJsonString(), "not a station message: a postcode total (of velib-projet-final-data)"),
            Text("envelope without Value", noValue.ToJsonString(), "envelope has no Value"),
            Text("envelope Value a number", numberValue.ToJsonString(), "envelope Value is a number, not a station message"),
            Text("envelope Value plain text", textValue.ToJsonString(), "not JSON: "),
            Text("envelope Value an escaped lone surrogate", envelope.ToJsonString().Replace("\"Value\":\"", "\"Value\":\"\\uD800", StringComparison.Ordinal), "text that cannot be read: "),
            Text("envelope Value another object", otherObjectValue.ToJsonString(), "not a station message: no schemaVersion"),
            Text("oversized", oversizedText, $"record of {oversizedText.Length} bytes is over the {MaxRecordBytes}-byte limit"),
            Text("schema version as text", textVersion.ToJsonString(), "not a station message: schemaVersion is not a whole number"),
            Text("unknown schema version", newer.ToJsonString(), "unknown schema version 2 (this consumer reads 1)"),
            Text("unknown schema version in an envelope", newerInEnvelope.ToJsonString(), "unknown schema version 2 (this consumer reads 1)"),
            Text("negative count", negative.ToJsonString(), "station 16107: a count is negative"),
            Text("tick in year 1", yearOne.ToJsonString(), "station 16107: tick 0001-01-01T00:05:00Z is before 2000, which no producer publishes"),
            Text("stationsInPostcode 0", countsNoStation.ToJsonString(), "station 16107: stationsInPostcode is 0; a station counts itself"),
            Text("postcode not five digits", badPostcode.ToJsonString(), "station 16107: postcode '7516' is not five digits"),
            Text("no station code", noCode.ToJsonString(), "not a station message: no 'stationCode'"),
            Text("empty station code", emptyCode.ToJsonString(), "stationCode is empty"),
            Text("blank station code", blankCode.ToJsonString(), "stationCode is empty"),
            Text("station code with a line break", controlCode.ToJsonString(), "stationCode holds a control character"),
            Text("station code over 32 characters", longCode.ToJsonString(), "a stationCode of 33 characters (at most 32)"),
            Text("two members missing", missing.ToJsonString(), "not a station message: no 'bikesAvailable', 'tick'"),
            Text("count as a string", stringCount.ToJsonString(), "not a station message: 'bikesAvailable' cannot be \"5\""),
            Text("quality null", nullQuality.ToJsonString(), "not a station message: 'quality' cannot be null"),
            Text("a null flag in quality", nullFlag.ToJsonString(), "station 16107: quality holds a null"),
            Text("name over 200 characters", longName.ToJsonString(), "station 16107: a name or city over 200 characters, which the producer never writes"),
            Text("city over 200 characters", longCity.ToJsonString(), "station 16107: a name or city over 200 characters, which the producer never writes"),
            Text("a flag over 48 characters", longFlag.ToJsonString(), "station 16107: quality holds more than 32 flags or one over 48 characters"),
            Text("33 flags", manyFlags.ToJsonString(), "station 16107: quality holds more than 32 flags or one over 48 characters"),
            Text("tick not a time", longTick.ToJsonString(), "not a station message: 'tick' cannot be \"the eighteenth of October 2025, at nine…"),
            new("not UTF-8 in a name", new byte[] { 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D }, "not UTF-8 text"),
            new("not UTF-8 in a value", InvalidUtf8Name(godard), "not UTF-8 text"),
        ];

        static Bad Text(string name, string text, string reason) => new(name, System.Text.Encoding.UTF8.GetBytes(text), reason);
    }

    /// <summary>The message with the bytes of its name replaced by Latin-1 bytes that are not UTF-8.</summary>
    private static byte[] InvalidUtf8Name(StationMessage message)
    {
        var text = KafkaRecords.ToJson(message with { Name = "H@pital" });
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        bytes[text.IndexOf('@', StringComparison.Ordinal)] = 0xF4;
        return bytes;
    }
}
