using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Velib.Cli;
using Velib.Cli.Output;

StartupTrace.Mark("main");

// The same output everywhere, even where DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 (Alpine's .NET images) undoes the
// invariant build: under sv_SE a rejected count read "(−3)", its minus U+2212.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var utf8 = new UTF8Encoding(false);
Console.OutputEncoding = utf8;

// A pipe through its file descriptor, not Console.Out: the console stream ignores a closed pipe (EPIPE), so that
// `velib … | head -1` would go on to the end of its input. A file through the console stream: a FileStream writes a
// seekable file at its own offset, over what the shell or stderr (`> out 2>&1`) wrote there. Buffered, and flushed
// by CliContext.Print per group. Not disposed: the last flush below is the one that may fail.
var descriptor = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
var stdout = new StreamWriter(descriptor.CanSeek ? Console.OpenStandardOutput() : descriptor, utf8, 64 * 1024);
var cli = new CliContext(
    StandardStreams.ClosedAtStart(StandardStreams.Stdin) ? null : Console.OpenStandardInput(),
    stdout,
    StandardStreams.ClosedAtStart(StandardStreams.Stderr) ? TextWriter.Null : Console.Error);
if (StandardStreams.ClosedAtStart(StandardStreams.Stdout))
{
    // Said before any work: what is printed would vanish into the runtime's own file, and the run end with 0.
    cli.Error("stdout: Bad file descriptor");
    return ExitCodes.DataError;
}

using var interruption = new Interruption(cli);
int exitCode;
try
{
    exitCode = await VelibCli.RunAsync(args, cli, interruption.Token);
    StartupTrace.Mark("done");
}
catch (Exception ex) when (!interruption.Requested)
{
    // Last resort: still one line, no stack trace (set VELIB_DEBUG=1 to see it).
    cli.Error($"unexpected error: {ex.GetType().Name}: {ex.Message}");
    if (Environment.GetEnvironmentVariable("VELIB_DEBUG") == "1")
    {
        foreach (var line in ex.ToString().Split('\n'))
        {
            cli.Diagnostic(line);
        }
    }

    exitCode = ExitCodes.DataError;
}
catch (Exception)
{
    exitCode = ExitCodes.Interrupted;
}

if (interruption.Requested)
{
    interruption.End();
}

try
{
    cli.Print(_ => { }); // what was not printed through CliContext.Print: --help
}
catch (OutputClosedException)
{
    exitCode = exitCode == ExitCodes.Success ? ExitCodes.OutputClosed : exitCode;
}
catch (IOException ex)
{
    cli.Error(ex.Message);
    exitCode = exitCode == ExitCodes.Success ? ExitCodes.DataError : exitCode;
}

return exitCode;
