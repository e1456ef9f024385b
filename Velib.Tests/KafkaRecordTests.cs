using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Velib.Core.Aggregation;
using Velib.Core.Messages;
using Velib.Tests.Reliability;
using Velib.Tests.Support;
using static Velib.Tests.Support.Messages;

namespace Velib.Tests;

/// <summary>The keyed envelopes of the isolated-worker Kafka output binding, and reading records back.</summary>
public class KafkaRecordTests
{
    [Fact]
    public void A_station_envelope_has_every_member_the_extension_requires_with_the_postcode_as_key()
    {
        var message = Station("16107", "75016", 1, 4);

        var envelope = JsonNode.Parse(KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, Tick1))!.AsObject();

        // The extension takes the string as an envelope only if all of these are present.
        Assert.Equal(["Offset", "Partition", "Topic", "Timestamp", "Key", "Value", "Headers"], envelope.Select(p => p.Key));
        Assert.Equal((0L, -1), ((long)envelope["Offset"]!, (int)envelope["Partition"]!)); // the broker's offset; -1: partition by key
        Assert.Equal("75016", (string?)envelope["Key"]);
        Assert.Equal("velib-projet", (string?)envelope["Topic"]);
        Assert.Equal("2025-10-18T09:09:16Z", (string?)envelope["Timestamp"]);
        Assert.Equal(JsonValueKind.String, envelope["Value"]!.GetValueKind());
        Assert.Equal(KafkaRecords.ToJson(message), (string?)envelope["Value"]);
        Assert.Equal("""[{"Key":"content-type","Value":"application/json"},{"Key":"velib-schema","Value":"station/1"}]""", envelope["Headers"]!.ToJsonString());
    }

    [Fact]
    public void Letters_and_apostrophes_reach_the_topic_unescaped_in_valid_json()
    {
        var message = Station("40001", "94000", 1, 1, city: "Créteil") with { Name = "Hôpital Mondor - Château d'Eau" };
        var totals = Assert.Single(Assemblies.New().Process([message]).Published);

        var stationEnvelope = KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, Tick1);
        var totalsEnvelope = KafkaRecords.ToEnvelope(totals, KafkaTopics.PostcodeTotals, Tick1);

        // The text of the envelope, as a consumer's log or kcat shows it; and its value, read back, is the message.
        Assert.Contains("""\"name\":\"Hôpital Mondor - Château d'Eau""", stationEnvelope, StringComparison.Ordinal);
        Assert.Contains("""\"city\":\"Créteil""", totalsEnvelope, StringComparison.Ordinal);
        Assert.Equal("Hôpital Mondor - Château d'Eau", (string?)JsonNode.Parse((string)JsonNode.Parse(stationEnvelope)!["Value"]!)!["name"]);
        Assert.Equal("Créteil", (string?)JsonNode.Parse((string)JsonNode.Parse(totalsEnvelope)!["Value"]!)!["city"]);
    }

    [Fact]
    public void A_station_without_postcode_is_keyed_unresolved()
    {
        var envelope = JsonNode.Parse(KafkaRecords.ToEnvelope(Station("40001", null, 1, 1), KafkaTopics.Stations, Tick1))!;

        Assert.Equal("unresolved", (string?)envelope["Key"]);
    }

    [Fact]
    public void A_totals_envelope_is_keyed_by_postcode()
    {
        var totals = Assert.Single(Assemblies.New().Process([Station("32017", "93200", 4, 5)]).Published);

        var envelope = JsonNode.Parse(KafkaRecords.ToEnvelope(totals, KafkaTopics.PostcodeTotals, Tick1))!;

        Assert.Equal("93200", (string?)envelope["Key"]);
        Assert.Equal("velib-projet-final-data", (string?)envelope["Topic"]);
        Assert.Equal(9, (int?)JsonNode.Parse((string)envelope["Value"]!)!["totalBikes"]);
        Assert.Equal("postcode-totals/2", (string?)envelope["Headers"]![1]!["Value"]);
    }

    [Fact]
    public void The_producer_envelopes_of_a_snapshot_are_one_per_station_keyed_and_stamped_with_its_tick()
    {
        var snapshot = Velib.Tests.Reliability.RealMessages.Snapshot;

        var envelopes = snapshot.ToEnvelopes(KafkaTopics.Stations);

        Assert.Equal(snapshot.Messages.Count, envelopes.Length);
        for (var i = 0; i < envelopes.Length; i++)
        {
            var envelope = JsonNode.Parse(envelopes[i])!;
            Assert.Equal(snapshot.Messages[i].Postcode ?? KafkaTopics.UnresolvedKey, (string?)envelope["Key"]);
            Assert.Equal(("velib-projet", "2025-10-18T09:09:16Z"), ((string?)envelope["Topic"], (string?)envelope["Timestamp"]));
            Assert.Equal(KafkaRecords.ToJson(snapshot.Messages[i]), (string?)envelope["Value"]);
        }

        Assert.Equal(2, envelopes.Count(e => (string?)JsonNode.Parse(e)!["Key"] == KafkaTopics.UnresolvedKey));
    }

    [Fact]
    public void The_consumer_envelopes_of_a_batch_are_its_published_totals_keyed_and_stamped_when_computed()
    {
        var result = Assemblies.New().Process(Assemblies.Records(Velib.Tests.Reliability.RealMessages.Snapshot.Messages));

        var envelopes = result.ToEnvelopes("totals-topic");

        Assert.Equal(["75011", "75016", "93200"], envelopes.Select(e => (string?)JsonNode.Parse(e)!["Key"]));
        for (var i = 0; i < envelopes.Length; i++)
        {
            var envelope = JsonNode.Parse(envelopes[i])!;
            Assert.Equal(("totals-topic", "2025-10-18T09:09:21Z"), ((string?)envelope["Topic"], (string?)envelope["Timestamp"]));
            Assert.Equal(KafkaRecords.ToJson(result.Published[i]), (string?)envelope["Value"]);
        }
    }

    [Fact]
    public void A_trigger_record_is_named_by_partition_and_offset_and_one_without_value_is_rejected()
    {
        var good = Encoding.UTF8.GetBytes(KafkaRecords.ToEnvelope(Station("16107", "75016", 1, 4), KafkaTopics.Stations, Tick1));

        var result = Assemblies.New().Process([InboundRecord.FromKafka(null, 2, 1187), InboundRecord.FromKafka(good, 0, 12_345_678_901)]);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("partition 2, offset 1187", rejected.Origin);
        Assert.Equal("empty: the record has no value", rejected.Reason);
        Assert.Equal("75016", Assert.Single(result.Published).Postcode);
    }

    [Fact]
    public void Records_are_read_back_from_the_plain_value_from_the_envelope_and_from_an_object_value()
    {
        var message = Station("16107", "75016", 1, 4);
        var plain = KafkaRecords.ToJson(message);
        var envelope = KafkaRecords.ToEnvelope(message, KafkaTopics.Stations, Tick1);
        var triggerEnvelope = $$"""{"Offset":1187,"Partition":2,"Topic":"velib-projet","Timestamp":"2025-10-18T09:09:17.12Z","Key":"75016","Value":{{plain}},"Headers":[]}""";

        var keyAndValueOnly = $$"""{"Key":"75016","Value":{{plain}}}""";

        foreach (var text in new[] { plain, envelope, triggerEnvelope, keyAndValueOnly })
        {
            Assert.True(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(text), out var read, out var reason), reason);
            Assert.Equal(plain, KafkaRecords.ToJson(read!));
        }
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"stationCode":"16107"}""", "not a station message: no schemaVersion")]
    [InlineData("""{"schemaVersion":2,"stationCode":"16107"}""", "unknown schema version 2 (this consumer reads 1)")]
    [InlineData("""{"Offset":1,"Value":42}""", "envelope Value is a number, not a station message")]
    [InlineData("""{"Offset":1,"Value":"[1]"}""", "not a station message: a list")]
    [InlineData("""{"Headers":[]}""", "envelope has no Value")]
    [InlineData("""{"Offset":1,"Value":true}""", "envelope Value is a boolean, not a station message")]
    [InlineData("""{"Offset":1,"Value":false}""", "envelope Value is a boolean, not a station message")]
    [InlineData("""{"Offset":1,"Value":null}""", "envelope Value is null, not a station message")]
    [InlineData("""{"Offset":1,"Value":"\"16107\""}""", "not a station message: a string")]
    public void Records_that_are_not_station_messages_are_refused_with_a_reason(string text, string expected)
    {
        Assert.False(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(text), out var message, out var reason));

        Assert.Null(message);
        Assert.Equal(expected, reason);
    }

    /// <summary>Other members are ignored, those named as the envelope's too: it was taken for one ("envelope has no Value").</summary>
    [Theory]
    [InlineData("\"Headers\":[]")]
    [InlineData("\"Offset\":5,\"Partition\":0")]
    [InlineData("\"Value\":null")]
    public void A_station_message_with_a_member_named_as_the_envelope_s_is_read_as_the_message(string extra)
    {
        var plain = KafkaRecords.ToJson(Station("16107", "75016", 1, 4));

        Assert.True(StationRecordReader.TryRead(Encoding.UTF8.GetBytes($"{plain[..^1]},{extra}}}"), out var read, out var reason), reason);

        Assert.Equal(plain, KafkaRecords.ToJson(read!));
    }

    /// <summary>
    /// The last of the two is taken, as the feed reader does: refusing the record (JsonDocumentOptions.AllowDuplicateProperties)
    /// cost a 200-tick backlog 7 to 10 % more CPU and 6 MiB more memory (docs/failure-modes.md), for a record no producer writes.
    /// </summary>
    [Fact]
    public void A_member_named_twice_is_read_as_its_last()
    {
        var plain = KafkaRecords.ToJson(Station("16107", "75016", 1, 4));
        var twice = plain.Replace("\"bikesAvailable\":5,", "\"bikesAvailable\":5,\"bikesAvailable\":7,", StringComparison.Ordinal);

        Assert.True(StationRecordReader.TryRead(Encoding.UTF8.GetBytes(twice), out var read, out var reason), reason);

        Assert.Equal(7, read!.BikesAvailable);
    }

    [Fact]
    public void A_station_message_missing_a_required_member_is_refused()
    {
        var json = JsonNode.Parse(KafkaRecords.ToJson(Station("16107", "75016", 1, 4)))!.AsObject();
        json.Remove("bikesAvailable");

        Assert.False(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), out _, out var reason));

        Assert.StartsWith("not a station message: ", reason, StringComparison.Ordinal);
        Assert.Contains("bikesAvailable", reason, StringComparison.Ordinal);
    }

    /// <summary>The member's value as the record has it, on one line, its first 40 characters when longer.</summary>
    [Theory]
    [InlineData("tick", "\"abcdefghijklmnopqrstuvwxyz0123456789AB\"", "\"abcdefghijklmnopqrstuvwxyz0123456789AB\"")]
    [InlineData("tick", "\"abcdefghijklmnopqrstuvwxyz0123456789ABC\"", "\"abcdefghijklmnopqrstuvwxyz0123456789ABC…")]
    [InlineData("tick", "\"abcdefghijklmnopqrstuvwxyz0123456789AB\U0001F6B2\"", "\"abcdefghijklmnopqrstuvwxyz0123456789AB…")] // never half a bicycle
    [InlineData("bikesAvailable", "{\n  \"n\": 5\r\n}", "{   \"n\": 5 }")]
    [InlineData("quality", "[\"stale\",7]", "[\"stale\",7]")] // the serializer names the element ($.quality[1]): the member is quoted
    public void A_member_that_cannot_be_read_is_quoted_on_one_line_and_shortened_past_forty_characters(string member, string value, string quoted)
    {
        var json = JsonNode.Parse(KafkaRecords.ToJson(Station("16107", "75016", 1, 4)))!.AsObject();
        json.Remove(member);
        var text = $$"""{"{{member}}":{{value}},{{json.ToJsonString()[1..]}}""";

        Assert.False(StationRecordReader.TryRead(Encoding.UTF8.GetBytes(text), out _, out var reason));

        Assert.Equal($"not a station message: '{member}' cannot be {quoted}", reason);
    }

    [Theory]
    [InlineData("7516", "7516")]
    [InlineData("75016-75016-75016-75016-75016-75016-7501", "75016-75016-75016-75016-75016-75016-7501")]
    [InlineData("75016-75016-75016-75016-75016-75016-75016", "75016-75016-75016-75016-75016-75016-7501…")]
    [InlineData("75016-75016-75016-75016-75016-75016-750\U0001F6B2", "75016-75016-75016-75016-75016-75016-750…")]
    public void A_postcode_that_is_not_five_digits_is_quoted_shortened_past_forty_characters(string postcode, string quoted)
    {
        var text = KafkaRecords.ToJson(Station("16107", "75016", 1, 4) with { Postcode = postcode });

        Assert.False(StationRecordReader.TryRead(Encoding.UTF8.GetBytes(text), out _, out var reason));

        Assert.Equal($"station 16107: postcode '{quoted}' is not five digits", reason);
    }

    [Fact]
    public void A_count_no_station_can_hold_is_refused_rather_than_summed()
    {
        var message = Station("16107", "75016", 1, 4) with { BikesAvailable = 2_000_000_000, Mechanical = 1_000_000_000 };

        Assert.False(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToJson(message)), out _, out var reason));

        Assert.Equal("station 16107: a count is over 10000, which no station holds", reason);
    }

    [Fact]
    public void Counts_of_exactly_the_limit_are_read()
    {
        var message = Station("16107", "75016", 0, 0) with { BikesAvailable = 10_000, Mechanical = 10_000, Electric = 10_000, DocksAvailable = 10_000 };

        Assert.True(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToJson(message)), out var read, out var reason), reason);

        Assert.Equal((10_000, 10_000, 10_000, 10_000), (read!.BikesAvailable, read.Mechanical, read.Electric, read.DocksAvailable));
    }

    /// <summary>The producer's longest code (StationSelection's bound) is read; one character more is refused (BadRecordTests).</summary>
    [Fact]
    public void A_station_code_of_exactly_32_characters_is_read()
    {
        var code = new string('7', 32);
        var message = Station("16107", "75016", 1, 4) with { StationCode = code };

        Assert.True(StationRecordReader.TryRead(System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToJson(message)), out var read, out var reason), reason);

        Assert.Equal(code, read!.StationCode);
    }

    [Fact]
    public void An_oversized_record_is_refused_before_it_is_parsed()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(KafkaRecords.ToJson(Station("16107", "75016", 1, 4) with { Name = new string('x', StationRecordReader.MaxBytes) }));

        Assert.False(StationRecordReader.TryRead(bytes, out _, out var reason));

        Assert.Equal($"record of {bytes.Length} bytes is over the 65536-byte limit", reason);
    }
}
