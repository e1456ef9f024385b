namespace Velib.Core.Feeds;

/// <summary>
/// Whether the feed's host has answered since start-up. Before it has, a refused connection or an unknown name most
/// likely means no network or a wrong address, so it fails at once instead of being retried.
/// </summary>
public sealed class HttpAnswers
{
    private volatile bool answered;

    public bool Any => answered;

    internal void Record() => answered = true;
}
