using Velib.Cli.Output;

namespace Velib.Cli;

/// <summary>The streams a command reads and writes; the process's own in <c>Program</c>, in-memory ones in tests.</summary>
/// <param name="Stdin">Null when the process started without one (<c>&lt;&amp;-</c>).</param>
internal sealed record CliContext(Stream? Stdin, TextWriter Stdout, TextWriter Stderr, IReadOnlyDictionary<string, string?>? Environment = null)
{
    /// <summary>The clock of the pipeline's services (back-off, timeouts, the tick's time); tests give their own.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public void Error(string message) => Diagnostic($"velib: {message}");

    public void Warning(string message) => Diagnostic($"velib: warning: {message}");

    public void Info(string message) => Diagnostic($"velib: {message}");

    /// <summary>
    /// Writes one whole group of results to stdout and flushes it, under the lock an interruption takes before it ends
    /// the process: a group is printed whole or not at all.
    /// </summary>
    /// <exception cref="OutputClosedException">Nothing reads stdout any more.</exception>
    /// <exception cref="IOException">stdout cannot be written (a full disk): the message says so.</exception>
    public void Print(Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (Stdout)
        {
            try
            {
                write(Stdout);
                Stdout.Flush();
            }
            catch (IOException ex) when (ex.HResult == OutputClosedException.BrokenPipe)
            {
                throw new OutputClosedException(ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk; a closed stdout (EBADF, which .NET gives as access denied around the IOException that says it).
                throw new IOException($"stdout: {(ex.InnerException ?? ex).Message}", ex);
            }
        }
    }

    /// <summary>
    /// One line on stderr, its control characters made visible; a stderr that cannot be written (a full disk, a
    /// closed pipe, no stderr at all) loses the line and nothing else: the results still go to stdout.
    /// </summary>
    public void Diagnostic(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (Stderr)
        {
            try
            {
                Stderr.WriteLine(TerminalText.Visible(line));
                Stderr.Flush();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk; a closed stderr (EBADF, given as access denied): the line is lost, the run goes on.
            }
        }
    }
}
