using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EvidencePipe.Benchmarks;

/// <summary>A BenchmarkDotNet column: the bytes a case reads (<paramref name="bytes"/>), in megabytes (10^6) per second of its mean time.</summary>
internal sealed class MegabytesPerSecondColumn(string id, string legend, Func<BenchmarkCase, long> bytes) : IColumn
{
    public string Id => id;
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } stats
            ? (bytes(benchmarkCase) / (stats.Mean / 1e9) / 1e6).ToString("F1", CultureInfo.InvariantCulture)
            : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
