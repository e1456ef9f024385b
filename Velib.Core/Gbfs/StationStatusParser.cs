using System.Text.Json;
using Velib.Core.Configuration;

namespace Velib.Core.Gbfs;

/// <summary>
/// Parses <c>station_status.json</c>, keeping only the selected stations. Handles the Vélib' quirks:
/// <c>num_bikes_available_types</c> as <c>[{"mechanical":n},{"ebike":n}]</c> (or a plain object), 64-bit
/// <c>station_id</c>, string <c>stationCode</c>, camelCase duplicates (<c>numBikesAvailable</c>, used only when the
/// GBFS name is absent), 0/1 or boolean flags, and absent optional fields.
/// </summary>
public static class StationStatusParser
{
    public const string FeedName = "station_status.json";

    /// <exception cref="Feeds.FeedFormatException">The document is not a usable GBFS status document.</exception>
    public static FeedDocument<StationStatus> Parse(ReadOnlySpan<byte> utf8, StationSelection selection) =>
        new GbfsDocumentReader<StationStatus>(FeedName, selection, ReadEntry).Read(utf8);

    /// <summary>Reads one entry, converting each value as it comes; where a field repeats, the last one counts.</summary>
    private static StationStatus? ReadEntry(ref Utf8JsonReader reader)
    {
        string? code = null;
        long? stationId = null, lastReported = null;
        int? bikes = null, bikesCamel = null, docks = null, docksCamel = null;
        bool? installed = null, returning = null, renting = null;
        BikeTypes? types = null;

        // In the order of the Vélib' feed; then the rest of the value, read or not, is skipped.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("station_id"u8))
            {
                stationId = JsonValues.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("num_bikes_available"u8))
            {
                bikes = JsonValues.ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("numBikesAvailable"u8))
            {
                bikesCamel = JsonValues.ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("num_bikes_available_types"u8))
            {
                types = BikeTypes.Read(ref reader);
            }
            else if (reader.ValueTextEquals("num_docks_available"u8))
            {
                docks = JsonValues.ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("numDocksAvailable"u8))
            {
                docksCamel = JsonValues.ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("is_installed"u8))
            {
                installed = JsonValues.ReadFlag(ref reader);
            }
            else if (reader.ValueTextEquals("is_returning"u8))
            {
                returning = JsonValues.ReadFlag(ref reader);
            }
            else if (reader.ValueTextEquals("is_renting"u8))
            {
                renting = JsonValues.ReadFlag(ref reader);
            }
            else if (reader.ValueTextEquals("last_reported"u8))
            {
                lastReported = JsonValues.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("stationCode"u8))
            {
                code = JsonValues.ReadCode(ref reader);
            }

            reader.Skip();
        }

        return code is null ? null : new StationStatus
        {
            StationCode = code,
            StationId = stationId,
            BikesAvailable = bikes ?? bikesCamel,
            Mechanical = types?.Mechanical,
            Electric = types?.Electric,
            HasBikeTypes = types is not null,
            OtherTypeBikes = types?.OtherCount ?? 0,
            OtherTypes = types?.OtherNames ?? [],
            DocksAvailable = docks ?? docksCamel,
            IsInstalled = installed,
            IsRenting = renting,
            IsReturning = returning,
            LastReported = lastReported is > 0 ? lastReported : null,
        };
    }

    /// <summary>The counts of <c>num_bikes_available_types</c>.</summary>
    private struct BikeTypes
    {
        public int? Mechanical;
        public int? Electric;
        public int OtherCount;
        public List<string>? OtherNames;

        /// <summary>From the property's name: a list of one-type objects, or one object; null for any other value.</summary>
        public static BikeTypes? Read(ref Utf8JsonReader reader)
        {
            reader.Read();
            var types = default(BikeTypes);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            types.AddCounts(ref reader);
                        }

                        reader.Skip();
                    }

                    return types;
                case JsonTokenType.StartObject:
                    types.AddCounts(ref reader);
                    return types;
                default:
                    return null;
            }
        }

        /// <summary>Adds <c>{"mechanical":n}</c>, <c>{"ebike":n}</c>, or several types in one object; a count that is not a whole number adds nothing.</summary>
        private void AddCounts(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("mechanical"u8))
                {
                    Mechanical = Add(Mechanical, JsonValues.ReadInt32(ref reader));
                }
                else if (reader.ValueTextEquals("ebike"u8))
                {
                    Electric = Add(Electric, JsonValues.ReadInt32(ref reader));
                }
                else
                {
                    (OtherNames ??= []).Add(reader.GetString()!);
                    OtherCount += Math.Max(JsonValues.ReadInt32(ref reader) ?? 0, 0);
                }

                reader.Skip();
            }
        }

        private static int? Add(int? total, int? count) => count is { } n ? (total ?? 0) + n : total;
    }
}
