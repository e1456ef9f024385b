namespace Velib.Cli;

/// <summary>The exit codes of <c>velib</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A feed, a file or the network failed, or the data is unusable.</summary>
    public const int DataError = 1;

    /// <summary>The command line or the configuration is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>SIGINT (Ctrl-C): 128 + 2, as a shell reports a process the signal ended.</summary>
    public const int Interrupted = 130;

    /// <summary>The reader of stdout went away: 128 + 13, as for a process that SIGPIPE ended (.NET ignores SIGPIPE).</summary>
    public const int OutputClosed = 141;

    /// <summary>SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
