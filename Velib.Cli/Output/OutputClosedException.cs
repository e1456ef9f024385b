namespace Velib.Cli.Output;

/// <summary>Writing to stdout failed because its reader went away (a closed pipe, as after <c>| head -1</c>).</summary>
internal sealed class OutputClosedException(IOException inner) : IOException("stdout closed", inner)
{
    /// <summary>EPIPE on Linux, which .NET gives as the <see cref="Exception.HResult"/> of the write's <see cref="IOException"/>.</summary>
    public const int BrokenPipe = 32;
}
