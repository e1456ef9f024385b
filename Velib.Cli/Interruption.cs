using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Velib.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM: the command's token is cancelled and the process ends at once, whatever the command
/// is doing (a read of stdin cannot be cancelled), with one line on stderr and 130 or 143. A group of results being
/// printed is finished first (<see cref="CliContext.Print"/>); nothing is printed after the line.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>How long the end waits for a group of results being printed (to a reader that may have stopped reading).</summary>
    private static readonly TimeSpan PrintGrace = TimeSpan.FromSeconds(1);

    private readonly CliContext cli;
    private readonly CancellationTokenSource cancel = new();
    private readonly Lock ending = new();
    private readonly PosixSignalRegistration[] registrations;
    private int exitCode;

    public Interruption(CliContext cli)
    {
        this.cli = cli;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => cancel.Token;

    public bool Requested => Volatile.Read(ref exitCode) != 0;

    /// <summary>Ends the process with the signal's exit code; a second caller waits for the first to end it.</summary>
    [DoesNotReturn]
    public void End()
    {
        ending.Enter(); // never released: the process ends under it
        // Never released either: no group starts after this. Print flushes each group, so only --help may be pending.
        if (Monitor.TryEnter(cli.Stdout, PrintGrace))
        {
            try
            {
                cli.Stdout.Flush();
            }
            catch (IOException)
            {
            }
        }

        // A stderr whose reader stopped (2>&1 | less) gets the same grace: the line may then be lost, the exit is not.
        var line = exitCode == ExitCodes.Interrupted ? "interrupted (SIGINT)" : "terminated (SIGTERM)";
        _ = Task.Run(() => cli.Error(line)).Wait(PrintGrace);
        _ = Monitor.TryEnter(cli.Stderr, PrintGrace); // nothing more on stderr, unless a write holds it
        Environment.Exit(exitCode);
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the process ends here, not by the runtime's default
        if (Interlocked.CompareExchange(ref exitCode, context.Signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated, 0) != 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            cancel.Cancel();
            End();
        });
    }
}
