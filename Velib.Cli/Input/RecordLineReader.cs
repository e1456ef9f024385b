using System.Text;
using Velib.Core;

namespace Velib.Cli.Input;

/// <summary>
/// The lines of a stream, read through one buffer of fixed size (the record limit plus a chunk), whatever the input:
/// a line longer than the limit is skipped as it streams, only counted, so that memory does not grow with a line.
/// Lines end with LF or CRLF; a UTF-8 byte order mark at the start of the input is skipped, and one of UTF-16 (Windows
/// PowerShell 5's <c>&gt;</c>) makes the rest read as UTF-8. StreamReader would hold a whole line, however long, before
/// the limit could be checked.
/// </summary>
/// <param name="name">The input as the user gave it (<c>stdin</c> for standard input), naming it in read errors.</param>
internal sealed class RecordLineReader(Stream input, int maxLineBytes, string name)
{
    private const int ChunkBytes = 64 * 1024;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // The limit, a CR after it, and room to read a chunk however much of a line is held.
    private readonly byte[] buffer = new byte[maxLineBytes + 1 + ChunkBytes];
    private int start;
    private int end;
    private long number;
    private bool endOfInput;
    private bool atStart = true;

    /// <summary>The number of bytes of the buffer: what the reader holds at most.</summary>
    public int BufferBytes => buffer.Length;

    /// <summary>The next line, valid until the next call; null at the end of the input.</summary>
    public RecordLine? ReadLine()
    {
        long skipped = 0;
        var skippedEndsWithCr = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0 || (endOfInput && (end > start || skipped > 0)))
            {
                var length = newline >= 0 ? newline : end - start;
                var line = buffer.AsMemory(start, length);
                start += newline >= 0 ? length + 1 : length;
                number++;
                atStart = false;
                if (skipped > 0)
                {
                    var endsWithCr = length > 0 ? line.Span[^1] == '\r' : skippedEndsWithCr;
                    return new RecordLine(number, ReadOnlyMemory<byte>.Empty, skipped + length - (endsWithCr ? 1 : 0));
                }

                line = line.Span.EndsWith((byte)'\r') ? line[..^1] : line;
                return line.Length > maxLineBytes ? new RecordLine(number, ReadOnlyMemory<byte>.Empty, line.Length) : new RecordLine(number, line, 0);
            }

            if (endOfInput)
            {
                return null;
            }

            if (end - start > maxLineBytes + 1)
            {
                // Over the limit with no line end yet: count it, drop it, read on.
                skipped += end - start;
                skippedEndsWithCr = buffer[end - 1] == '\r';
                start = end;
            }

            Fill();
        }
    }

    private void Fill()
    {
        buffer.AsSpan(start, end - start).CopyTo(buffer);
        end -= start;
        start = 0;
        if (atStart)
        {
            // Two bytes, then a third: a UTF-16 mark is read alone, so that the runtime's transcoding stream takes the rest.
            atStart = false;
            end = Read(buffer.AsSpan(0, 2), 2);
            var mark = buffer.AsSpan(0, end);
            if (mark.SequenceEqual(Encoding.Unicode.Preamble) || mark.SequenceEqual(Encoding.BigEndianUnicode.Preamble))
            {
                input = Encoding.CreateTranscodingStream(input, buffer[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode, Encoding.UTF8);
                end = 0;
            }
            else if (end == 2)
            {
                end += Read(buffer.AsSpan(2, 1), 1);
                end = buffer.AsSpan(0, end).SequenceEqual(Utf8Bom) ? 0 : end;
            }
        }

        var read = Read(buffer.AsSpan(end), 1);
        end += read;
        endOfInput = read == 0;
    }

    // The runtime's message names no stream ("Is a directory" for `velib aggregate < /tmp`), or a file's full path again.
    private int Read(Span<byte> into, int atLeast)
    {
        try
        {
            return input.ReadAtLeast(into, atLeast, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{name}: {FileErrorText.Reason(ex)}", ex);
        }
    }
}
