namespace EvidencePipe.Export;

/// <summary>How a CSV writer treats text that a spreadsheet could run as a formula.</summary>
public enum CsvText
{
    /// <summary>The default: cells that could start a formula are neutralised (<see cref="SpreadsheetFormula"/>).</summary>
    SpreadsheetSafe,

    /// <summary>Exact text, for tools that read the CSV as data (<c>--csv-raw</c>).</summary>
    Raw,
}
