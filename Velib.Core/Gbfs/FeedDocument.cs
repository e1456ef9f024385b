namespace Velib.Core.Gbfs;

/// <summary>The stations of one parsed feed document, and the entries that could not be used, each with its reason.</summary>
public sealed record FeedDocument<T>(IReadOnlyList<T> Stations, IReadOnlyList<string> Problems, int EntryCount);
