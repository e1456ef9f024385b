using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Velib.Core.Messages;

namespace Velib.Cli.Map;

/// <summary>
/// The map as GeoJSON (RFC 7946): one Feature per postcode total, its area as geometry and the total's contract fields
/// as properties, then one Point Feature per station with its message's fields; each with <c>kind</c>. A total or a
/// station without position has a null geometry. Written with <see cref="Utf8JsonWriter"/>: a small format, and no
/// reflection under Native AOT.
/// </summary>
internal static class GeoJsonMap
{
    public static void Write(TextWriter output, NetworkMap map)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            foreach (var totals in map.Totals)
            {
                var area = map.Areas.GetValueOrDefault(totals.Postcode);
                Feature(json, "postcode", Element(KafkaRecords.ToJson(totals)), area is null || area.IsEmpty ? null : () => Polygonal(json, area));
            }

            foreach (var station in map.Stations)
            {
                var properties = Element(KafkaRecords.ToJson(station));
                Feature(json, "station", properties, station is { Lon: { } lon, Lat: { } lat } ? () => Point(json, lon, lat) : null);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>The contract's own JSON, so that a feature's properties are exactly the message's fields.</summary>
    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static void Feature(Utf8JsonWriter json, string kind, JsonElement properties, Action? geometry)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WritePropertyName("geometry");
        if (geometry is null)
        {
            json.WriteNullValue();
        }
        else
        {
            geometry();
        }

        json.WriteStartObject("properties");
        json.WriteString("kind", kind);
        foreach (var property in properties.EnumerateObject())
        {
            property.WriteTo(json);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Point(Utf8JsonWriter json, double lon, double lat)
    {
        json.WriteStartObject();
        json.WriteString("type", "Point");
        json.WriteStartArray("coordinates");
        json.WriteNumberValue(Math.Round(lon, 6));
        json.WriteNumberValue(Math.Round(lat, 6));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Polygonal(Utf8JsonWriter json, Geometry area)
    {
        json.WriteStartObject();
        json.WriteString("type", area is MultiPolygon ? "MultiPolygon" : "Polygon");
        json.WriteStartArray("coordinates");
        if (area is MultiPolygon multi)
        {
            foreach (var polygon in multi.Geometries.Cast<Polygon>())
            {
                json.WriteStartArray();
                Rings(json, polygon);
                json.WriteEndArray();
            }
        }
        else
        {
            Rings(json, (Polygon)area);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The right-hand rule of RFC 7946 §3.1.6: the exterior ring counter-clockwise, holes clockwise.</summary>
    private static void Rings(Utf8JsonWriter json, Polygon polygon)
    {
        Ring(json, polygon.Shell, counterClockwise: true);
        foreach (var hole in polygon.Holes)
        {
            Ring(json, hole, counterClockwise: false);
        }
    }

    private static void Ring(Utf8JsonWriter json, LineString ring, bool counterClockwise)
    {
        var points = ring.CoordinateSequence;
        var reversed = Orientation.IsCCW(points) != counterClockwise;
        json.WriteStartArray();
        for (var i = 0; i < points.Count; i++)
        {
            var at = reversed ? points.Count - 1 - i : i;
            json.WriteStartArray();
            json.WriteNumberValue(points.GetX(at));
            json.WriteNumberValue(points.GetY(at));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
