using BenchmarkDotNet.Running;

namespace Velib.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Velib.Benchmarks -- --filter '*'</c> (add <c>--job short</c> for a quick pass).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
