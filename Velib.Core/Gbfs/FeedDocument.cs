namespace Velib.Core.Gbfs;

/// <summary>The stations of one parsed feed document, and the entries that could not be used, each with its reason.</summary>
public sealed record FeedDocument<T>(IReadOnlyList<T> Stations, IReadOnlyList<string> Problems, int EntryCount)
{
    /// <summary>
    /// The document's top-level <c>lastUpdatedOther</c> (UTC seconds) when it is a JSON integer number, wherever it
    /// stands in the top-level object; otherwise null. Not checked for sanity here.
    /// </summary>
    public long? LastUpdatedOther { get; init; }
}
