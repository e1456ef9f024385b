using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>Parses <c>station_information.json</c> (name, position, capacity), keeping only the selected stations.</summary>
public static class StationInformationParser
{
    public const string FeedName = "station_information.json";

    /// <exception cref="Feeds.FeedFormatException">The document is not a usable GBFS information document.</exception>
    public static FeedDocument<StationInformation> Parse(ReadOnlySpan<byte> utf8, StationSelection selection) =>
        new GbfsDocumentReader<StationInformation>(FeedName, selection, ReadEntry).Read(utf8);

    /// <summary>Reads one entry, converting each value as it comes; where a field repeats, the last one counts.</summary>
    private static StationInformation? ReadEntry(ref Utf8JsonReader reader)
    {
        string? code = null, name = null;
        long? stationId = null;
        double? lat = null, lon = null;
        int? capacity = null;

        // In the order of the Vélib' feed; then the rest of the value, read or not, is skipped.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("station_id"u8))
            {
                stationId = JsonValues.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("stationCode"u8))
            {
                code = JsonValues.ReadCode(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = JsonValues.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("lat"u8))
            {
                lat = JsonValues.ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals("lon"u8))
            {
                lon = JsonValues.ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals("capacity"u8))
            {
                capacity = JsonValues.ReadInt32(ref reader);
            }

            reader.Skip();
        }

        return code is null ? null : new StationInformation(code, stationId, name, lat, lon, capacity);
    }
}
