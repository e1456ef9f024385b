using System.Text;

namespace Velib.Core.Messages;

/// <summary>A record to aggregate: its UTF-8 bytes (a station message, or an envelope holding one) and where it came from.</summary>
/// <param name="Origin">Where the record came from, for error reports: <c>partition 2, offset 1187</c>, <c>line 7</c>.</param>
public readonly record struct InboundRecord(ReadOnlyMemory<byte> Utf8, string Origin)
{
    public static InboundRecord FromText(string text, string origin) => new(Encoding.UTF8.GetBytes(text), origin);
}
