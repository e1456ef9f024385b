namespace Velib.Cli.Input;

/// <summary>One line of input: its bytes (no line end), or, for a line over the record limit, only its length.</summary>
/// <param name="Number">1 for the first line of the input.</param>
/// <param name="Bytes">The line; empty for a line over the limit.</param>
/// <param name="OversizeBytes">The length of a line over the limit, which was skipped, never held; 0 otherwise.</param>
internal readonly record struct RecordLine(long Number, ReadOnlyMemory<byte> Bytes, long OversizeBytes)
{
    public bool IsOversize => OversizeBytes > 0;

    /// <summary>Empty, or only spaces and tabs: the end of a batch.</summary>
    public bool IsBlank => !IsOversize && !Bytes.Span.ContainsAnyExcept((byte)' ', (byte)'\t');
}
