using System.Text.Json;
using Velib.Core.Configuration;
using Velib.Core.Feeds;

namespace Velib.Core.Gbfs;

/// <summary>
/// Reads one GBFS document (<c>{"lastUpdatedOther":…,"data":{"stations":[…]}}</c>) in a single pass of
/// <see cref="Utf8JsonReader"/>, handing each station object to an entry reader and keeping the selected stations.
/// Malformed JSON (a comment included: GBFS is strict JSON), text that cannot be read (not UTF-8, or an escaped lone
/// surrogate), or a document without a non-empty <c>data.stations</c> list, is a <see cref="FeedFormatException"/>.
/// </summary>
internal sealed class GbfsDocumentReader<T>(string feedName, StationSelection selection, GbfsDocumentReader<T>.EntryReader readEntry)
    where T : class, IStationEntry
{
    /// <summary>Reads one station object, from its start to its end; null when it has no (or an empty) <c>stationCode</c>.</summary>
    public delegate T? EntryReader(ref Utf8JsonReader reader);

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    private readonly List<T> stations = [];
    private readonly List<string> problems = [];
    private long? lastUpdatedOther;
    private bool hasData;
    private bool hasList;

    public FeedDocument<T> Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FeedFormatException($"{feedName}: not a JSON object{Preview(utf8)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("lastUpdatedOther"u8))
                {
                    reader.Read();
                    lastUpdatedOther = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) ? seconds : null;
                }
                else if (reader.ValueTextEquals("data"u8) && !hasData)
                {
                    ReadData(ref reader);
                }

                reader.Skip();
            }

            // One more read: after the document's end there is nothing, or it throws on what follows.
            reader.Read();

            if (!hasData)
            {
                throw new FeedFormatException($"{feedName}: no 'data' object");
            }

            return new FeedDocument<T>(stations, problems, lastUpdatedOther);
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"{feedName}: malformed JSON at byte {reader.BytesConsumed}: {JsonErrorText.FirstSentence(ex.Message)}{(reader.BytesConsumed == 0 ? Preview(utf8) : "")}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader checks text only where a string is read as text (a code, a name, a bike type): bytes that
            // are not UTF-8, or an escaped lone surrogate such as \uD800, fail there.
            var what = ex.InnerException is System.Text.DecoderFallbackException ? "text that is not UTF-8" : $"text that cannot be read ({JsonErrorText.FirstSentence(ex.Message)})";
            throw new FeedFormatException($"{feedName}: {what} before byte {reader.BytesConsumed}", ex);
        }
    }

    /// <summary>From the name <c>data</c>: its object, and the station list in it.</summary>
    private void ReadData(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FeedFormatException($"{feedName}: no 'data' object");
        }

        hasData = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stations"u8) && !hasList)
            {
                ReadStations(ref reader);
            }

            reader.Skip();
        }

        if (!hasList)
        {
            throw new FeedFormatException($"{feedName}: no 'data.stations' list");
        }
    }

    /// <summary>From the name <c>stations</c>: the list, entry by entry.</summary>
    private void ReadStations(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FeedFormatException($"{feedName}: no 'data.stations' list");
        }

        hasList = true;
        var index = 0;
        for (; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add($"{feedName}: entry #{index} is not an object");
                reader.Skip();
            }
            else if (readEntry(ref reader) is not { } entry)
            {
                problems.Add($"{feedName}: entry #{index} has no stationCode");
            }
            else if (selection.Contains(entry.StationCode))
            {
                stations.Add(entry);
            }
        }

        if (index == 0)
        {
            throw new FeedFormatException($"{feedName}: the station list is empty");
        }
    }

    /// <summary>The start of a body that is not JSON (an HTML error page, say), shown so the cause is plain.</summary>
    private static string Preview(ReadOnlySpan<byte> utf8)
    {
        var text = System.Text.Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 60)]).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? " (empty body)" : $" (starts with '{text}')";
    }
}
