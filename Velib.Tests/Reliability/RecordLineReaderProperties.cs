using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Velib.Cli.Input;
using Velib.Tests.Support;

namespace Velib.Tests.Reliability;

/// <summary>
/// A property of <see cref="RecordLineReader"/> (FsCheck 3, C# API): whatever the lines (empty, around the record
/// limit, far over it, around the 64 KiB chunk and the buffer, with lone CRs inside), their ends (LF, CRLF, none or a
/// lone CR at the end of the input), a byte order mark (UTF-8, UTF-16 LE or BE) and the size of the reads, the reader
/// gives exactly the lines of a reference model that holds the whole input, and never asks a read larger than its
/// buffer. The scenarios are drawn from a fixed seed, so every run checks the same ones; <c>VELIB_PROPERTY_SEED</c>
/// draws others.
/// </summary>
public class RecordLineReaderProperties
{
    private const int Chunk = 64 * 1024;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The mark at the start of the input; with a UTF-16 one the input is text written in that encoding.</summary>
    public enum Mark
    {
        None,
        Utf8,
        Utf16LittleEndian,
        Utf16BigEndian,
    }

    /// <summary>One input and how it arrives: all randomness of a run comes from these values.</summary>
    public sealed record Scenario(int Limit, int Lines, Mark Mark, bool FinalNewline, int MaxRead, int Seed);

    // A limit of the real size only with reads of some size: read a byte at a time, a held 64 KiB line is searched again at each byte.
    private static Arbitrary<Scenario> Scenarios =>
        (from limit in Gen.Frequency((4, Gen.Choose(1, 40)), (1, Gen.Elements(Chunk - 1, Chunk)))
         from lines in Gen.Choose(0, 12)
         from mark in Gen.Elements(Mark.None, Mark.Utf8, Mark.Utf16LittleEndian, Mark.Utf16BigEndian)
         from finalNewline in Gen.Elements(true, false)
         from maxRead in limit > 40
             ? Gen.Elements(limit + 1, limit + 2, 4096, Chunk - 1, Chunk, Chunk + 1, limit + Chunk, limit + Chunk + 1, limit + Chunk + 2, int.MaxValue)
             : Gen.OneOf(Gen.Elements(1, 2, 3, limit + 1, limit + 2, Chunk - 1, Chunk, Chunk + 1, limit + Chunk + 1, int.MaxValue), Gen.Choose(1, 100))
         from seed in Gen.Choose(0, int.MaxValue)
         select new Scenario(limit, lines, mark, finalNewline, maxRead, seed)).ToArbitrary();

    [Fact]
    public void Lines_are_those_of_the_whole_input_split_at_each_LF_whatever_the_reads() =>
        Check.One(PropertyRuns.Seeded(200), Prop.ForAll(Scenarios, scenario =>
        {
            var input = Input(scenario);
            var stream = new GeneratedStream([(input, 1)], scenario.MaxRead);
            var reader = new RecordLineReader(stream, scenario.Limit, "input");

            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Add(Describe(line.Number, line.Bytes.Span, line.OversizeBytes));
            }

            Assert.Equal(Model(input, scenario.Limit), lines);
            Assert.Null(reader.ReadLine());
            Assert.InRange(stream.LargestReadAsked, 0, reader.BufferBytes);
        }));

    /// <summary>
    /// The reference: the whole input, its mark handled as the reader documents, split at each LF; one CR before it
    /// (or at the end of the input) dropped; a line over the limit only its length; nothing after a final LF.
    /// </summary>
    private static List<string> Model(byte[] input, int limit)
    {
        var text = input.AsSpan().StartsWith(Encoding.Unicode.Preamble) ? Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(input, 2, input.Length - 2))
            : input.AsSpan().StartsWith(Encoding.BigEndianUnicode.Preamble) ? Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(input, 2, input.Length - 2))
            : input.AsSpan().StartsWith(Utf8Bom) ? input[3..]
            : input;
        var lines = new List<string>();
        for (int from = 0, number = 1; from < text.Length; number++)
        {
            var newline = Array.IndexOf(text, (byte)'\n', from);
            var to = newline >= 0 ? newline : text.Length;
            var line = text.AsSpan(from..to);
            line = line.EndsWith((byte)'\r') ? line[..^1] : line;
            lines.Add(line.Length > limit ? Describe(number, [], line.Length) : Describe(number, line, 0));
            from = to + 1;
        }

        return lines;
    }

    private static byte[] Input(Scenario scenario)
    {
        var random = new Random(scenario.Seed);
        var utf16 = scenario.Mark is Mark.Utf16LittleEndian or Mark.Utf16BigEndian;
        var text = new StringBuilder();
        var bytes = new List<byte>(scenario.Mark == Mark.Utf8 ? Utf8Bom : []);
        for (var i = 0; i < scenario.Lines; i++)
        {
            // Exactly the drawn length in UTF-8 bytes: a piece that does not fit is cut (raw bytes) or replaced by one byte (text).
            // A lone surrogate (its UTF-16 written by hand: the encoder would replace it) is three bytes: decoded, it is U+FFFD.
            for (var n = Length(random, scenario.Limit); n > 0;)
            {
                var piece = random.Next(17) switch { 0 => "\r", 1 => "é", 2 => "€", 3 => "\uFEFF", 4 => "😀", 5 => " ", 6 => "\uD800", _ => "t" };
                var pieceBytes = Encoding.UTF8.GetBytes(piece);
                if (utf16)
                {
                    text.Append(pieceBytes.Length <= n ? piece : "t");
                    n -= pieceBytes.Length <= n ? pieceBytes.Length : 1;
                }
                else
                {
                    bytes.AddRange(pieceBytes.Take(n));
                    n -= Math.Min(n, pieceBytes.Length);
                }
            }

            var end = i < scenario.Lines - 1 || scenario.FinalNewline ? (random.Next(2) == 0 ? "\n" : "\r\n") : (random.Next(3) == 0 ? "\r" : "");
            text.Append(end);
            bytes.AddRange(Encoding.UTF8.GetBytes(end));
        }

        return scenario.Mark switch
        {
            Mark.Utf16LittleEndian => [.. Encoding.Unicode.Preamble, .. text.ToString().SelectMany(c => new[] { (byte)c, (byte)(c >> 8) })],
            Mark.Utf16BigEndian => [.. Encoding.BigEndianUnicode.Preamble, .. text.ToString().SelectMany(c => new[] { (byte)(c >> 8), (byte)c })],
            _ => [.. bytes],
        };
    }

    /// <summary>The UTF-8 bytes of a line: about the limit, none, far over, or about the chunk and the buffer.</summary>
    private static int Length(Random random, int limit) => random.Next(10) switch
    {
        0 => 0,
        1 => limit - 1,
        2 => limit,
        3 => limit + 1,
        4 => limit + 2,
        5 => random.Next(1, 4),
        6 => limit + random.Next(3, (3 * limit) + 4),
        7 => random.Next(2) == 0 ? Chunk + random.Next(-3, 4) : Chunk + limit + 1 + random.Next(-3, 4),
        _ => random.Next((2 * limit) + 4),
    };

    /// <summary>A line as a failure shows it: short ones whole, long ones by length and hash, one over the limit by its count.</summary>
    private static string Describe(long number, ReadOnlySpan<byte> bytes, long oversize) =>
        oversize > 0 ? $"{number}: over the limit, {oversize} bytes"
        : bytes.Length <= 80 ? $"{number}: \"{string.Concat(bytes.ToArray().Select(b => b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"))}\""
        : $"{number}: {bytes.Length} bytes, SHA-256 {Convert.ToHexString(SHA256.HashData(bytes))[..16]}";
}
