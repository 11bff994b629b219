using BenchmarkDotNet.Running;

namespace EvidencePipe.Benchmarks;

/// <summary>Run with: dotnet run -c Release --project benchmarks/EvidencePipe.Benchmarks -- --filter '*'</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
