namespace Velib.Cli;

/// <summary>The streams a command reads and writes; the real console in <c>Program</c>, writers in tests.</summary>
internal sealed record CliContext(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, IReadOnlyDictionary<string, string?>? Environment = null)
{
    /// <summary>The clock of the pipeline's services (back-off, timeouts, the tick's time); tests give their own.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public void Error(string message) => Stderr.WriteLine($"velib: {message.ReplaceLineEndings(" ")}");

    public void Warning(string message) => Stderr.WriteLine($"velib: warning: {message.ReplaceLineEndings(" ")}");

    public void Info(string message) => Stderr.WriteLine($"velib: {message.ReplaceLineEndings(" ")}");
}
