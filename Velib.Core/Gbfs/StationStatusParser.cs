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
        GbfsDocumentReader.Read<StationStatus>(utf8, FeedName, selection, ParseEntry);

    private static StationStatus? ParseEntry(ref Utf8JsonReader reader, StationSelection selection, int index, List<string> problems)
    {
        StationCodeRead code = default;
        long? stationId = null;
        int? bikes = null, bikesCamel = null, docks = null, docksCamel = null;
        bool? installed = null, renting = null, returning = null;
        long? lastReported = null;
        var types = default(BikeTypes);

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            if (escaped)
            {
                reader.Skip();
                continue;
            }

            switch (name)
            {
                case var _ when name.SequenceEqual("stationCode"u8):
                    code = JsonValues.ReadCode(ref reader, selection);
                    break;
                case var _ when name.SequenceEqual("station_id"u8):
                    stationId = JsonValues.ReadInt64(ref reader);
                    break;
                case var _ when name.SequenceEqual("num_bikes_available"u8):
                    bikes = JsonValues.ReadInt32(ref reader);
                    break;
                case var _ when name.SequenceEqual("numBikesAvailable"u8):
                    bikesCamel = JsonValues.ReadInt32(ref reader);
                    break;
                case var _ when name.SequenceEqual("num_bikes_available_types"u8):
                    types = BikeTypes.Read(ref reader);
                    break;
                case var _ when name.SequenceEqual("num_docks_available"u8):
                    docks = JsonValues.ReadInt32(ref reader);
                    break;
                case var _ when name.SequenceEqual("numDocksAvailable"u8):
                    docksCamel = JsonValues.ReadInt32(ref reader);
                    break;
                case var _ when name.SequenceEqual("is_installed"u8):
                    installed = JsonValues.ReadFlag(ref reader);
                    break;
                case var _ when name.SequenceEqual("is_renting"u8):
                    renting = JsonValues.ReadFlag(ref reader);
                    break;
                case var _ when name.SequenceEqual("is_returning"u8):
                    returning = JsonValues.ReadFlag(ref reader);
                    break;
                case var _ when name.SequenceEqual("last_reported"u8):
                    lastReported = JsonValues.ReadInt64(ref reader);
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

        return new StationStatus
        {
            StationCode = code.SelectedCode,
            StationId = stationId,
            BikesAvailable = bikes ?? bikesCamel,
            Mechanical = types.Mechanical,
            Electric = types.Electric,
            HasBikeTypes = types.Present,
            OtherTypeBikes = types.OtherCount,
            OtherTypes = types.OtherNames ?? [],
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
        public bool Present;
        public int? Mechanical;
        public int? Electric;
        public int OtherCount;
        public List<string>? OtherNames;

        public static BikeTypes Read(ref Utf8JsonReader reader)
        {
            var types = default(BikeTypes);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    types.Present = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            types.ReadCounts(ref reader);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    break;
                case JsonTokenType.StartObject:
                    types.Present = true;
                    types.ReadCounts(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }

            return types;
        }

        /// <summary>Reads <c>{"mechanical":n}</c>, <c>{"ebike":n}</c>, or several types in one object.</summary>
        private void ReadCounts(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMechanical = reader.ValueTextEquals("mechanical"u8);
                var isElectric = !isMechanical && reader.ValueTextEquals("ebike"u8);
                var other = isMechanical || isElectric ? null : reader.GetString();
                reader.Read();
                var count = JsonValues.ReadInt32(ref reader);
                switch (other)
                {
                    case null when isMechanical:
                        Mechanical = (Mechanical ?? 0) + count ?? Mechanical;
                        break;
                    case null:
                        Electric = (Electric ?? 0) + count ?? Electric;
                        break;
                    default:
                        OtherCount += Math.Max(count ?? 0, 0);
                        (OtherNames ??= []).Add(other);
                        break;
                }
            }
        }
    }
}
