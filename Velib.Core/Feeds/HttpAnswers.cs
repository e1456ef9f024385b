using System.Collections.Concurrent;

namespace Velib.Core.Feeds;

/// <summary>The hosts that have answered since start-up: before one has, a refused connection or an unknown name fails at once.</summary>
public sealed class HttpAnswers
{
    private readonly ConcurrentDictionary<string, bool> hosts = new(StringComparer.OrdinalIgnoreCase);

    public bool From(Uri uri) => hosts.ContainsKey(uri.Authority);

    internal void Record(Uri uri) => hosts.TryAdd(uri.Authority, true);
}
