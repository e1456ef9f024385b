using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>Parses <c>station_information.json</c> (name, position, capacity), keeping only the selected stations.</summary>
public static class StationInformationParser
{
    public const string FeedName = "station_information.json";

    /// <exception cref="Feeds.FeedFormatException">The document is not a usable GBFS information document.</exception>
    public static FeedDocument<StationInformation> Parse(ReadOnlySpan<byte> utf8, StationSelection selection) =>
        GbfsDocumentReader.Read<StationInformation>(utf8, FeedName, selection, ParseEntry);

    private static StationInformation? ParseEntry(ref Utf8JsonReader reader, StationSelection selection, int index, List<string> problems)
    {
        StationCodeRead code = default;
        bool? selected = null;
        long? stationId = null;
        string? name = null;
        double? lat = null, lon = null;
        int? capacity = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            if (escaped)
            {
                reader.Skip();
                continue;
            }

            switch (property)
            {
                case var _ when property.SequenceEqual("stationCode"u8):
                    code = JsonValues.ReadCode(ref reader, selection);
                    selected = code.SelectedCode is not null;
                    break;
                case var _ when property.SequenceEqual("name"u8):
                    // The feed gives the code first: a station that is not kept costs no string.
                    name = selected == false ? SkipValue(ref reader) : JsonValues.ReadString(ref reader);
                    break;
                case var _ when property.SequenceEqual("station_id"u8):
                    stationId = JsonValues.ReadInt64(ref reader);
                    break;
                case var _ when property.SequenceEqual("lat"u8):
                    lat = JsonValues.ReadDouble(ref reader);
                    break;
                case var _ when property.SequenceEqual("lon"u8):
                    lon = JsonValues.ReadDouble(ref reader);
                    break;
                case var _ when property.SequenceEqual("capacity"u8):
                    capacity = JsonValues.ReadInt32(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!code.Present)
        {
            problems.Add($"{FeedName}: entry #{index} has no stationCode");
            return null;
        }

        if (code.SelectedCode is null)
        {
            return null;
        }

        return new StationInformation
        {
            StationCode = code.SelectedCode,
            StationId = stationId,
            Name = name,
            Lat = lat,
            Lon = lon,
            Capacity = capacity,
        };
    }

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
