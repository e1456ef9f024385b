using System.Text.Json.Nodes;

namespace Velib.Tests.Support;

/// <summary>The real recorded files under <c>Fixtures/</c> (see its README for provenance).</summary>
public static class Fixture
{
    public static string Dir { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string StatusPath { get; } = Path.Combine(Dir, "2025-10-18", "station_status.json");

    public static string InformationPath { get; } = Path.Combine(Dir, "2025-10-18", "station_information.json");

    public static string Information2023Path { get; } = Path.Combine(Dir, "2023-12-05", "station_information.json");

    /// <summary>A real Géoplateforme reverse answer at 48.859393, 2.347222 (8 Rue des Halles, 75001 Paris).</summary>
    public static string GeocoderParisPath { get; } = Path.Combine(Dir, "geocoder", "ban_reverse.json");

    /// <summary>Derived from <see cref="GeocoderParisPath"/>: the answer at station 40001's position, 94000 Créteil (see the README).</summary>
    public static string GeocoderCreteilPath { get; } = Path.Combine(Dir, "geocoder", "reverse_creteil.json");

    public static byte[] Status => File.ReadAllBytes(StatusPath);

    public static byte[] Information => File.ReadAllBytes(InformationPath);

    public static byte[] GeocoderParisAnswer => File.ReadAllBytes(GeocoderParisPath);

    public static byte[] GeocoderCreteilAnswer => File.ReadAllBytes(GeocoderCreteilPath);

    /// <summary>The moment the 2025-10-18 status was published (<c>lastUpdatedOther</c>): replaying "as of then".</summary>
    public static DateTimeOffset StatusPublishedAt { get; } = DateTimeOffset.FromUnixTimeSeconds(1760778556);

    /// <summary>The recorded status feed as a mutable tree, for deriving a quirk from real data.</summary>
    public static JsonObject StatusTree() => (JsonObject)JsonNode.Parse(Status)!;

    public static JsonObject InformationTree() => (JsonObject)JsonNode.Parse(Information)!;

    public static JsonArray Stations(JsonObject document) => document["data"]!["stations"]!.AsArray();

    /// <summary>The entry of <paramref name="code"/> in a feed tree.</summary>
    public static JsonObject Entry(JsonObject document, string code) =>
        Stations(document).OfType<JsonObject>().Single(s => (string?)s["stationCode"] == code);

    /// <summary>A feed with only the entries of <paramref name="codes"/> (in that order), for small, readable cases.</summary>
    public static JsonObject Only(JsonObject document, params string[] codes)
    {
        var kept = new JsonArray();
        foreach (var code in codes)
        {
            kept.Add(Entry(document, code).DeepClone());
        }

        document["data"]!["stations"] = kept;
        return document;
    }

    public static byte[] Bytes(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
}
