using System.Text;
using Velib.Cli;
using Velib.Cli.Output;

Console.OutputEncoding = new UTF8Encoding(false);
StartupTrace.Mark("main");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var exitCode = await VelibCli.RunAsync(args, new CliContext(Console.In, Console.Out, Console.Error), cancellationToken: cancel.Token);
    StartupTrace.Mark("done");
    return exitCode;
}
catch (Exception ex)
{
    // Last resort: still one line, no stack trace (set VELIB_DEBUG=1 to see it).
    Console.Error.WriteLine($"velib: unexpected error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
    if (Environment.GetEnvironmentVariable("VELIB_DEBUG") == "1")
    {
        Console.Error.WriteLine(ex);
    }

    return 1;
}
