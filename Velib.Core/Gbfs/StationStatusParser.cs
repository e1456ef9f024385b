using System.Buffers.Text;
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

    /// <remarks>
    /// <c>stationCode</c> comes last in the Vélib' feed, so a station's values are known before whether it is kept.
    /// They are only located on the way (a <see cref="RawValue"/> points into the document) and converted once the
    /// station is known to be kept: with two stations selected, 1,493 entries of 1,495 cost no number parsing.
    /// </remarks>
    private static StationStatus? ParseEntry(ReadOnlySpan<byte> document, ref Utf8JsonReader reader, StationSelection selection, int index, List<string> problems)
    {
        StationCodeRead code = default;
        RawValue stationId = default, bikes = default, bikesCamel = default, docks = default, docksCamel = default;
        RawValue installed = default, renting = default, returning = default, lastReported = default;
        RawValue types = default;
        BikeTypes bikeTypes = default;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            switch (escaped ? Field.Other : Classify(name))
            {
                case Field.StationCode:
                    code = JsonValues.ReadCode(ref reader, selection);
                    break;
                case Field.StationId:
                    stationId = RawValue.Locate(ref reader);
                    break;
                case Field.Bikes:
                    bikes = RawValue.Locate(ref reader);
                    break;
                case Field.BikesCamel:
                    bikesCamel = RawValue.Locate(ref reader);
                    break;
                case Field.BikeTypes when selection.All:
                    // Every station is kept: read the list now rather than locate it and read it again.
                    bikeTypes = BikeTypes.Read(ref reader);
                    types = default;
                    break;
                case Field.BikeTypes:
                    types = RawValue.Locate(ref reader);
                    break;
                case Field.Docks:
                    docks = RawValue.Locate(ref reader);
                    break;
                case Field.DocksCamel:
                    docksCamel = RawValue.Locate(ref reader);
                    break;
                case Field.Installed:
                    installed = RawValue.Locate(ref reader);
                    break;
                case Field.Renting:
                    renting = RawValue.Locate(ref reader);
                    break;
                case Field.Returning:
                    returning = RawValue.Locate(ref reader);
                    break;
                case Field.LastReported:
                    lastReported = RawValue.Locate(ref reader);
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

        if (types.IsContainer)
        {
            bikeTypes = BikeTypes.Read(document, types);
        }

        var reported = lastReported.ToInt64(document);
        return new StationStatus
        {
            StationCode = code.SelectedCode,
            StationId = stationId.ToInt64(document),
            BikesAvailable = bikes.ToInt32(document) ?? bikesCamel.ToInt32(document),
            Mechanical = bikeTypes.Mechanical,
            Electric = bikeTypes.Electric,
            HasBikeTypes = bikeTypes.Present,
            OtherTypeBikes = bikeTypes.OtherCount,
            OtherTypes = bikeTypes.OtherNames ?? [],
            DocksAvailable = docks.ToInt32(document) ?? docksCamel.ToInt32(document),
            IsInstalled = installed.ToFlag(document),
            IsRenting = renting.ToFlag(document),
            IsReturning = returning.ToFlag(document),
            LastReported = reported is > 0 ? reported : null,
        };
    }

    /// <summary>
    /// Which field a property name is: one switch on the length and, where two names share it, one byte, then a
    /// single comparison (rather than comparing against every name in turn; this runs about 20,000 times a tick).
    /// </summary>
    private static Field Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        10 when name[0] == (byte)'s' => Is(name, "station_id"u8, Field.StationId),
        10 => Is(name, "is_renting"u8, Field.Renting),
        11 => Is(name, "stationCode"u8, Field.StationCode),
        12 when name[3] == (byte)'i' => Is(name, "is_installed"u8, Field.Installed),
        12 => Is(name, "is_returning"u8, Field.Returning),
        13 => Is(name, "last_reported"u8, Field.LastReported),
        17 when name[3] == (byte)'B' => Is(name, "numBikesAvailable"u8, Field.BikesCamel),
        17 => Is(name, "numDocksAvailable"u8, Field.DocksCamel),
        19 when name[4] == (byte)'b' => Is(name, "num_bikes_available"u8, Field.Bikes),
        19 => Is(name, "num_docks_available"u8, Field.Docks),
        25 => Is(name, "num_bikes_available_types"u8, Field.BikeTypes),
        _ => Field.Other,
    };

    private static Field Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected, Field field) =>
        name.SequenceEqual(expected) ? field : Field.Other;

    private enum Field
    {
        Other,
        StationCode,
        StationId,
        Bikes,
        BikesCamel,
        BikeTypes,
        Docks,
        DocksCamel,
        Installed,
        Renting,
        Returning,
        LastReported,
    }

    /// <summary>The counts of <c>num_bikes_available_types</c>.</summary>
    private struct BikeTypes
    {
        public bool Present;
        public int? Mechanical;
        public int? Electric;
        public int OtherCount;
        public List<string>? OtherNames;

        /// <summary>Reads the located list (or object) again, now that its station is kept.</summary>
        public static BikeTypes Read(ReadOnlySpan<byte> document, RawValue located)
        {
            var reader = new Utf8JsonReader(document[located.Start..located.End], GbfsDocumentReader.ReaderOptions);
            reader.Read();
            return Read(ref reader);
        }

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

    /// <summary>
    /// Where a value is in the document, not yet converted: a number, string, flag or null as the bytes of its token
    /// (a string's without the quotes), a list or an object as its whole byte range (stepped over). Converting follows
    /// <see cref="JsonValues"/> exactly.
    /// </summary>
    private readonly record struct RawValue(JsonTokenType Type, int Start, int End, bool Escaped)
    {
        public bool IsContainer => Type is JsonTokenType.StartArray or JsonTokenType.StartObject;

        /// <summary>Locates the value the reader is on and moves past it.</summary>
        public static RawValue Locate(ref Utf8JsonReader reader)
        {
            var type = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            switch (type)
            {
                case JsonTokenType.StartArray or JsonTokenType.StartObject:
                    reader.Skip();
                    return new RawValue(type, start, (int)reader.BytesConsumed, false);
                case JsonTokenType.String:
                    start++;
                    return new RawValue(type, start, start + reader.ValueSpan.Length, reader.ValueIsEscaped);
                default:
                    return new RawValue(type, start, start + reader.ValueSpan.Length, false);
            }
        }

        /// <summary>As <see cref="JsonValues.ReadInt32"/>: a number that is a whole 32-bit integer.</summary>
        public int? ToInt32(ReadOnlySpan<byte> document)
        {
            var token = document[Start..End];
            return Type == JsonTokenType.Number && Utf8Parser.TryParse(token, out int n, out var used) && used == token.Length ? n : null;
        }

        /// <summary>As <see cref="JsonValues.ReadInt64"/>: a whole 64-bit number, or an unescaped string holding one.</summary>
        public long? ToInt64(ReadOnlySpan<byte> document)
        {
            var token = document[Start..End];
            return (Type == JsonTokenType.Number || (Type == JsonTokenType.String && !Escaped))
                && Utf8Parser.TryParse(token, out long n, out var used) && used == token.Length
                    ? n
                    : null;
        }

        /// <summary>GBFS 1 uses 0/1, GBFS 2+ uses true/false: both are accepted.</summary>
        public bool? ToFlag(ReadOnlySpan<byte> document) => Type switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number when ToInt32(document) is { } n && n is 0 or 1 => n == 1,
            _ => null,
        };
    }
}
