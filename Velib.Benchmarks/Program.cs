using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Velib.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Velib.Benchmarks -- --filter '*'</c> (add <c>--job short</c> for a quick pass).
/// Min and Median are shown next to Mean: on a shared machine the minimum is the least disturbed figure.
/// </summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(args, DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median));
}
