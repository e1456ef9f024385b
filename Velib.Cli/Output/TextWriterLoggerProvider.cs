using Microsoft.Extensions.Logging;

namespace Velib.Cli.Output;

/// <summary>Writes log entries at or above a level as one plain line each (<c>velib: warning: …</c>) to stderr.</summary>
internal sealed class TextWriterLoggerProvider(CliContext cli, LogLevel minimum) : ILoggerProvider
{
    /// <summary>When set, nothing is written (the repeated passes of <c>--repeat</c> say nothing new).</summary>
    public bool Muted { get; set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this, cli, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriterLoggerProvider provider, CliContext cli, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => !provider.Muted && logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel switch
            {
                LogLevel.Warning => "warning",
                LogLevel.Error or LogLevel.Critical => "error",
                _ => "info",
            };
            cli.Diagnostic($"velib: {level}: {formatter(state, exception)}");
        }
    }
}
