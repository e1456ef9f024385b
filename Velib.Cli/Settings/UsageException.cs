namespace Velib.Cli.Settings;

/// <summary>Settings or options that cannot be used: one line each, all of them.</summary>
internal sealed class UsageException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
