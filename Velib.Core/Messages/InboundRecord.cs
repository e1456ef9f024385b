using System.Text;

namespace Velib.Core.Messages;

/// <summary>A record to aggregate (a station message, or an envelope holding one) and where it came from: <c>partition 2, offset 1187</c>, <c>line 7</c>.</summary>
public readonly record struct InboundRecord(ReadOnlyMemory<byte> Utf8, string Origin)
{
    public static InboundRecord FromText(string text, string origin) => new(Encoding.UTF8.GetBytes(text), origin);
}
