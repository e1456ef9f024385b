using System.Text.Json;
using Velib.Core.Configuration;
using Velib.Core.Feeds;

namespace Velib.Core.Gbfs;

/// <summary>
/// Streams a GBFS document (<c>{"data":{"stations":[…]}}</c>) with <see cref="Utf8JsonReader"/>, handing each
/// station object to an entry parser, which keeps only the selected stations. Nothing else of the document is
/// materialised. Malformed JSON, text that is not UTF-8 where it is read, or a document without <c>data.stations</c>,
/// is a <see cref="FeedFormatException"/>.
/// </summary>
internal static class GbfsDocumentReader
{
    /// <summary>
    /// Reads one station object; returns null for a station that is not selected or not usable (with a problem added).
    /// <paramref name="document"/> is the whole document the reader reads, for a parser that goes back to a value.
    /// </summary>
    public delegate T? EntryParser<T>(ReadOnlySpan<byte> document, ref Utf8JsonReader reader, StationSelection selection, int index, List<string> problems)
        where T : class;

    /// <summary>Strict JSON, as GBFS is: a comment is malformed JSON.</summary>
    internal static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    public static FeedDocument<T> Read<T>(ReadOnlySpan<byte> utf8, string feedName, StationSelection selection, EntryParser<T> parseEntry)
        where T : class
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FeedFormatException($"{feedName}: not a JSON object{Preview(utf8)}");
            }

            long? lastUpdatedOther = null;
            if (!MoveToProperty(ref reader, "data"u8, ref lastUpdatedOther) || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FeedFormatException($"{feedName}: no 'data' object");
            }

            long? unused = null;
            if (!MoveToProperty(ref reader, "stations"u8, ref unused) || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FeedFormatException($"{feedName}: no 'data.stations' list");
            }

            var stations = new List<T>(selection.All ? 2048 : selection.Codes.Count);
            var problems = new List<string>();
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    if (parseEntry(utf8, ref reader, selection, index, problems) is { } station)
                    {
                        stations.Add(station);
                    }
                }
                else
                {
                    problems.Add($"{feedName}: entry #{index} is not an object");
                    reader.Skip();
                }

                index++;
            }

            if (index == 0)
            {
                throw new FeedFormatException($"{feedName}: the station list is empty");
            }

            // Read to the end, so that a document cut after the list is still caught; a lastUpdatedOther after 'data' is read.
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("lastUpdatedOther"u8))
                {
                    reader.Read();
                    lastUpdatedOther = ReadWholeNumber(ref reader);
                }
            }

            return new FeedDocument<T>(stations, problems, index) { LastUpdatedOther = lastUpdatedOther };
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"{feedName}: malformed JSON at byte {reader.BytesConsumed}: {FirstSentence(ex.Message)}{(reader.BytesConsumed == 0 ? Preview(utf8) : "")}", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException)
        {
            // Utf8JsonReader checks UTF-8 only where a string is read as text (a kept station's name, a bike type).
            throw new FeedFormatException($"{feedName}: text that is not UTF-8 before byte {reader.BytesConsumed}", ex);
        }
    }

    /// <summary>
    /// From a StartObject, moves past the named property's name onto its value; skips the others, reading a
    /// top-level <c>lastUpdatedOther</c> met on the way.
    /// </summary>
    private static bool MoveToProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref long? lastUpdatedOther)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            var isVersion = reader.CurrentDepth == 1 && reader.ValueTextEquals("lastUpdatedOther"u8);
            reader.Read();
            if (match)
            {
                return true;
            }

            if (isVersion)
            {
                lastUpdatedOther = ReadWholeNumber(ref reader);
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>The current value as a 64-bit integer when it is a JSON integer number; null otherwise.</summary>
    private static long? ReadWholeNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;

    private static string FirstSentence(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        var cut = line.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line;
    }

    /// <summary>The start of a body that is not JSON (an HTML error page, say), shown so the cause is plain.</summary>
    private static string Preview(ReadOnlySpan<byte> utf8)
    {
        var text = System.Text.Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 60)]).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? " (empty body)" : $" (starts with '{text}')";
    }
}
