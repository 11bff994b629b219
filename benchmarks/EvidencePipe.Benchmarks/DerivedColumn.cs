using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// A summary column computed from a benchmark's mean time (files/s, MB/s, ms per million events), so
/// the rate the targets are stated in sits beside BenchmarkDotNet's own columns.
/// </summary>
/// <param name="fromMeanSeconds">The value for a benchmark case given its mean in seconds, or null for "-".</param>
internal sealed class DerivedColumn(string name, string legend, string format, Func<BenchmarkCase, double, double?> fromMeanSeconds) : IColumn
{
    public string Id => "Derived." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } stats && fromMeanSeconds(benchmarkCase, stats.Mean / 1e9) is { } value
            ? value.ToString(format, CultureInfo.InvariantCulture)
            : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The value of the <c>Events</c> parameter of a benchmark case, if it has one.</summary>
    public static int? Events(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Events")?.Value is int n ? n : null;
}
