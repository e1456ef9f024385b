using System.Text;
using Velib.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await VelibCli.RunAsync(args, new CliContext(Console.In, Console.Out, Console.Error), cancellationToken: cancel.Token);
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
