namespace Velib.Core.Messages;

public sealed record RejectedRecord(string Origin, string Reason);
