namespace Velib.Core.Messages;

/// <summary>A record left out of an aggregation, with where it came from and why.</summary>
public sealed record RejectedRecord(string Origin, string Reason);
