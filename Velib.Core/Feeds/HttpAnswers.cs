namespace Velib.Core.Feeds;

/// <summary>Whether the feed's host has answered since start-up: before it has, a refused connection or an unknown name fails at once.</summary>
public sealed class HttpAnswers
{
    private volatile bool answered;

    public bool Any => answered;

    internal void Record() => answered = true;
}
