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

    private static StationInformation? ParseEntry(ReadOnlySpan<byte> document, ref Utf8JsonReader reader, StationSelection selection, int index, List<string> problems)
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

            var field = escaped ? Field.Other : Classify(property);

            // The feed gives the code first: the rest of a station that is not kept is only stepped over.
            if (selected == false && field != Field.StationCode)
            {
                field = Field.Other;
            }

            switch (field)
            {
                case Field.StationCode:
                    code = JsonValues.ReadCode(ref reader, selection);
                    selected = code.SelectedCode is not null;
                    break;
                case Field.Name:
                    name = JsonValues.ReadString(ref reader);
                    break;
                case Field.StationId:
                    stationId = JsonValues.ReadInt64(ref reader);
                    break;
                case Field.Lat:
                    lat = JsonValues.ReadDouble(ref reader);
                    break;
                case Field.Lon:
                    lon = JsonValues.ReadDouble(ref reader);
                    break;
                case Field.Capacity:
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

    /// <summary>Which field a property name is: a switch on the length (and one byte for lat/lon), then one comparison.</summary>
    private static Field Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name[1] == (byte)'a' => Is(name, "lat"u8, Field.Lat),
        3 => Is(name, "lon"u8, Field.Lon),
        4 => Is(name, "name"u8, Field.Name),
        8 => Is(name, "capacity"u8, Field.Capacity),
        10 => Is(name, "station_id"u8, Field.StationId),
        11 => Is(name, "stationCode"u8, Field.StationCode),
        _ => Field.Other,
    };

    private static Field Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected, Field field) =>
        name.SequenceEqual(expected) ? field : Field.Other;

    private enum Field
    {
        Other,
        StationCode,
        Name,
        StationId,
        Lat,
        Lon,
        Capacity,
    }
}
