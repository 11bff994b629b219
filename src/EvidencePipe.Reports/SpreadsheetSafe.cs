namespace EvidencePipe.Reports;

/// <summary>
/// CSV cells a spreadsheet would run as a formula — starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// a tab or a carriage return (OWASP "CSV Injection") — are prefixed with a single quote, so a message
/// typed as <c>=HYPERLINK(…)</c> is shown, never run, when the file is opened in Excel or LibreOffice.
/// </summary>
public static class SpreadsheetSafe
{
    public static string Cell(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? string.Empty;
}
