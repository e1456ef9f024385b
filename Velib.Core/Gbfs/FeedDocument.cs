namespace Velib.Core.Gbfs;

/// <summary>The stations of one parsed feed document, and the entries that could not be used, each with its reason.</summary>
/// <param name="LastUpdatedOther">
/// The document's top-level <c>lastUpdatedOther</c> (Unix seconds, when the operator published it) when it is a JSON
/// integer number; null when it is absent or anything else.
/// </param>
public sealed record FeedDocument<T>(IReadOnlyList<T> Stations, IReadOnlyList<string> Problems, long? LastUpdatedOther);
