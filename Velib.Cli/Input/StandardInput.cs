namespace Velib.Cli.Input;

/// <summary>
/// The process's stdin, its read errors named as stdout's are (<c>stdin: Is a directory</c> for <c>velib aggregate &lt; /tmp</c>):
/// the runtime's own message names no stream.
/// </summary>
internal sealed class StandardInput(Stream stdin) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return stdin.Read(buffer);
        }
        catch (IOException ex)
        {
            throw new IOException($"stdin: {ex.Message}", ex);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stdin.Dispose();
        }

        base.Dispose(disposing);
    }
}
