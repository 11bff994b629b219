using BenchmarkDotNet.Running;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Run with: dotnet run -c Release --project benchmarks/EvidencePipe.Benchmarks -- --filter '*'
/// or, for search p50/p95/p99 on an existing case: … -- search-latency --case DIR [--runs 200] [--json]
/// or, for the mbox reader's CPU time and allocations per message: … -- mbox-read [--messages N | --file PATH] [--passes P] [--serial]
/// or, for the analyzer alone over N generated events (time and peak memory): … -- analysis-stream --events N
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // The latency tool is dispatched before BenchmarkSwitcher, which would take its arguments for filters.
        if (args.Length > 0 && args[0] == "search-latency")
        {
            return SearchLatency.Run(args[1..], Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == "mbox-read")
        {
            return MboxRead.Run(args[1..], Console.Out);
        }

        if (args.Length > 0 && args[0] == "analysis-stream")
        {
            return AnalysisOnTheFly.Run(args[1..], Console.Out);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
