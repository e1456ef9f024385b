using System.Text;
using Velib.Cli.Input;
using Velib.Tests.Support;

namespace Velib.Tests;

/// <summary>
/// <c>velib aggregate</c>'s reader: lines through one buffer of fixed size, a line over the record limit skipped as it
/// streams, counted and never held, whatever its length; LF or CRLF; a UTF-8 byte order mark at the start skipped.
/// </summary>
public class RecordLineReaderTests
{
    private const int Limit = 65536;

    [Fact]
    public void A_line_over_the_limit_is_skipped_as_it_streams_and_the_rest_goes_through()
    {
        const long Huge = 10L * 1024 * 1024;
        var input = new GeneratedStream([(Bytes("first\n"), 1), (Bytes("x"), Huge), (Bytes("\r\nsecond\r\n  \nlast"), 1)]);
        var reader = new RecordLineReader(input, Limit, "input");

        var first = Read(reader);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var huge = reader.ReadLine();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var rest = new[] { Read(reader), Read(reader), Read(reader) };

        Assert.Equal((1, "first"), first);
        Assert.Equal(new RecordLine(2, ReadOnlyMemory<byte>.Empty, Huge), huge);
        Assert.Equal([(3, "second"), (4, "  "), (5, "last")], rest);
        Assert.Null(reader.ReadLine());

        // Never held: reading 10 MiB allocated next to nothing, and no read asked for more than the fixed buffer.
        Assert.InRange(allocated, 0, 64 * 1024);
        Assert.InRange(reader.BufferBytes, Limit, Limit + (128 * 1024));
        Assert.InRange(input.LargestReadAsked, 1, reader.BufferBytes);
    }

    /// <param name="encoding">UTF-16 with its mark as Windows PowerShell 5's <c>&gt;</c> writes it: read as UTF-8.</param>
    [Theory]
    [InlineData(int.MaxValue, "utf-8")]
    [InlineData(7, "utf-8")]
    [InlineData(1, "utf-8")]
    [InlineData(int.MaxValue, "utf-16")]
    [InlineData(1, "utf-16")]
    [InlineData(7, "utf-16BE")]
    [InlineData(1, "utf-16BE")]
    public void Lines_are_the_same_however_the_input_arrives(int maxRead, string encoding)
    {
        var text = "\uFEFF{\"a\":1}\r\n\r\n\uFEFFkept\n" + new string('y', Limit) + "\r\n" + new string('z', Limit + 1) + "\nend\n";
        var reader = new RecordLineReader(new GeneratedStream([(Encoding.GetEncoding(encoding).GetBytes(text), 1)], maxRead), Limit, "input");

        var lines = new List<(long, string)>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line.IsOversize ? (line.Number, $"oversize {line.OversizeBytes}") : (line.Number, Encoding.UTF8.GetString(line.Bytes.Span)));
        }

        // The mark is skipped at the start of the input only; a line of exactly the limit is kept, one byte more is not.
        Assert.Equal([(1, "{\"a\":1}"), (2, ""), (3, "\uFEFFkept"), (4, new string('y', Limit)), (5, $"oversize {Limit + 1}"), (6, "end")], lines);
    }

    /// <summary>
    /// Reads of the limit less one byte after the three read for a byte order mark: the first limit plus two bytes are
    /// skipped whole, so the line's end comes at the start of the next read, its CR (if any) at the end of what was
    /// skipped; or the input ends there.
    /// </summary>
    [Theory]
    [InlineData("\r\nnext\n", Limit + 1, true)]
    [InlineData("x\nnext\n", Limit + 2, true)]
    [InlineData("x", Limit + 2, false)]
    public void A_line_over_the_limit_is_counted_right_when_its_end_comes_with_the_next_read(string after, long oversize, bool next)
    {
        var reader = new RecordLineReader(new GeneratedStream([(Bytes(new string('x', Limit + 1) + after), 1)], maxRead: Limit - 1), Limit, "input");

        Assert.Equal(new RecordLine(1, ReadOnlyMemory<byte>.Empty, oversize), reader.ReadLine());
        if (next)
        {
            Assert.Equal((2, "next"), Read(reader));
        }

        Assert.Null(reader.ReadLine());
    }

    [Fact]
    public void Blank_lines_are_those_of_spaces_and_tabs_only()
    {
        var reader = new RecordLineReader(new GeneratedStream([(Bytes("\n \t\r\n x\n"), 1)]), Limit, "input");

        Assert.Equal([true, true, false], new[] { reader.ReadLine()!.Value.IsBlank, reader.ReadLine()!.Value.IsBlank, reader.ReadLine()!.Value.IsBlank });
    }

    /// <summary>A read that fails (<c>velib aggregate &lt; /tmp</c>: "Is a directory") is an error naming the input, never the end of it.</summary>
    [Fact]
    public void A_read_error_names_the_input_and_does_not_end_it_quietly()
    {
        var reader = new RecordLineReader(new FailingStream(), Limit, "stdin");

        var error = Assert.Throws<IOException>(() => reader.ReadLine());

        Assert.Equal("stdin: Is a directory", error.Message);
    }

    private static (long, string) Read(RecordLineReader reader)
    {
        var line = reader.ReadLine()!.Value;
        Assert.False(line.IsOversize);
        return (line.Number, Encoding.UTF8.GetString(line.Bytes.Span));
    }

    private static byte[] Bytes(string text) => GeneratedStream.Bytes(text);

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Is a directory");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
