namespace Velib.Cli;

/// <summary>The exit codes of <c>velib</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A feed, a file or the network failed, or the data is unusable.</summary>
    public const int DataError = 1;

    /// <summary>The command line or the configuration is wrong.</summary>
    public const int UsageError = 2;
}
