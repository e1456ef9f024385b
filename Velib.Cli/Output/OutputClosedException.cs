namespace Velib.Cli.Output;

/// <summary>Writing to stdout failed: its reader went away (a closed pipe, as after <c>| head -1</c>) or it is full.</summary>
internal sealed class OutputClosedException(IOException inner) : IOException("stdout closed", inner);
