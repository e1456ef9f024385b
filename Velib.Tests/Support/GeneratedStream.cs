namespace Velib.Tests.Support;

/// <summary>
/// A read-only stream of pieces, each repeated, made as it is read: gigabytes of input without holding them. It can
/// hand out at most <c>maxRead</c> bytes a read, as a pipe may, and records the largest read asked of it.
/// </summary>
public sealed class GeneratedStream(IReadOnlyList<(byte[] Piece, long Times)> parts, int maxRead = int.MaxValue) : Stream
{
    private int part;
    private long repeat;
    private int offset;

    /// <summary>The largest <c>count</c> a caller passed to <see cref="Read(byte[], int, int)"/>.</summary>
    public int LargestReadAsked { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        LargestReadAsked = Math.Max(LargestReadAsked, buffer.Length);
        var written = 0;
        while (written < Math.Min(buffer.Length, maxRead) && part < parts.Count)
        {
            var (piece, times) = parts[part];
            if (repeat == times || piece.Length == 0)
            {
                (part, repeat, this.offset) = (part + 1, 0, 0);
                continue;
            }

            var n = Math.Min(piece.Length - this.offset, Math.Min(buffer.Length, maxRead) - written);
            piece.AsSpan(this.offset, n).CopyTo(buffer[written..]);
            written += n;
            this.offset += n;
            if (this.offset == piece.Length)
            {
                (repeat, this.offset) = (repeat + 1, 0);
            }
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
