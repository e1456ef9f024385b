using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Velib.Benchmarks;

/// <summary>
/// The floor of any <see cref="Utf8JsonReader"/> parser: reading every token of both real documents and doing
/// nothing with them. The parsers cannot be faster than this; the gap is their own work.
/// </summary>
[MemoryDiagnoser]
public class ReaderFloorBenchmarks
{
    private byte[] status = [];
    private byte[] information = [];

    [Params(JsonCommentHandling.Skip, JsonCommentHandling.Disallow)]
    public JsonCommentHandling Comments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pair = RecordedFeeds.Pair();
        (status, information) = (pair.Status, pair.Information);
    }

    [Benchmark]
    public int StatusTokens() => CountTokens(status);

    [Benchmark]
    public int InformationTokens() => CountTokens(information);

    private int CountTokens(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = Comments, MaxDepth = 16 });
        var count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }
}
