using System.Globalization;
using System.Runtime.CompilerServices;
using System.IO.Packaging;
using EvidencePipe.Reading;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// Reads the victim's incident log kept as an <c>.xlsx</c> workbook: the same template and rules as the
/// CSV (<see cref="IncidentLogCsvReader"/>, <see cref="IncidentRow"/>), read from the workbook's first
/// sheet (the first <c>sheet</c> of <c>workbook.xml</c>, ECMA-376 Part 1 §18.2.19). A date cell holding
/// a number is an Excel date serial in the workbook's date system (<see cref="ExcelSerialDates"/>); a
/// time cell holding a number is a fraction of a day; text is read as the CSV reads it. Locators are
/// <c>sheet NAME row N</c> with N the sheet's own row number. The package is checked for zip bombs
/// before anything is inflated, and a missing or unreadable part is a diagnostic, never a crash.
/// </summary>
public sealed class IncidentLogXlsxReader : IEvidenceReader
{
    public const string FormatName = "incident-log-xlsx";

    /// <summary>A workbook inside a container is buffered to be read (zip needs seeking) up to this size.</summary>
    private const long MaxBufferedBytes = 64L << 20;

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await SeekableAsync(source, context, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            Package? package = null;
            XlsxPackageParts? parts = null;
            PackagePart? sheet = null;
            string sheetName = string.Empty;
            var date1904 = false;
            List<string> sharedStrings = [];
            try
            {
                if (XlsxPackageLimits.Check(stream) is { } refused)
                {
                    context.Unsupported("part " + refused.Part, refused.Reason);
                    yield break;
                }

                stream.Position = 0;
                package = Package.Open(stream, FileMode.Open, FileAccess.Read);
                parts = XlsxPackageParts.Open(package, cancellationToken);
                if (parts is null)
                {
                    package.Close();
                    context.Unsupported("package", "no workbook part (xl/workbook.xml): not a spreadsheet");
                    yield break;
                }

                var workbook = XlsxWorkbookXml.Read(parts, cancellationToken);
                sheetName = workbook.SheetName ?? string.Empty;
                if (workbook.SheetId is not { } id || parts.WorksheetById(id) is not { } worksheet)
                {
                    package.Close();
                    context.Unsupported("workbook", !workbook.HasSheet ? "the workbook lists no sheet" : $"the first sheet '{sheetName}' has no worksheet part (a chart sheet, or the part is missing)");
                    yield break;
                }

                sheet = worksheet;
                date1904 = workbook.Date1904();
                sharedStrings = parts.SharedStrings is { } table ? XlsxSheetRows.SharedStrings(parts, table, cancellationToken) : [];
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                package?.Close();
                context.Unsupported("package", "not a readable workbook: " + ex.Message);
                yield break;
            }

            using (package)
            {
                var times = new LocalTimeSequence(context.TimeZone);
                IncidentColumn[]? roles = null;
                using var rows = XlsxSheetRows.Rows(parts, sheet, sharedStrings, cancellationToken).GetEnumerator();
                while (true)
                {
                    XlsxRow row;
                    try
                    {
                        if (!rows.MoveNext())
                        {
                            break;
                        }

                        row = rows.Current;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        context.SkippedRecord(Locator(sheetName, null), "the sheet could not be read further: " + ex.Message);
                        break;
                    }

                    if (row.Cells.Values.All(c => c.Text.Trim().Length == 0))
                    {
                        continue;
                    }

                    var locator = Locator(sheetName, row.Number);
                    if (roles is null)
                    {
                        var width = row.Cells.Keys.Max() + 1;
                        roles = IncidentLogColumns.Recognise([.. Enumerable.Range(0, width).Select(i => row.Cells.TryGetValue(i, out var c) ? c.Text : string.Empty)]);
                        if (roles is null)
                        {
                            context.Unsupported(locator, $"the first sheet '{sheetName}' does not start with an incident-log header row (date, time, what happened, where, witnesses, how it affected me, who)");
                            yield break;
                        }

                        continue;
                    }

                    if (ToEvent(row, roles, date1904, locator, context, times) is { } e)
                    {
                        yield return new EventRecord(e);
                    }
                }
            }
        }
    }

    private static Model.CommunicationEvent? ToEvent(XlsxRow row, IncidentColumn[] roles, bool date1904, string locator, ReadContext context, LocalTimeSequence times)
    {
        if (row.Cells.Keys.Any(k => k >= roles.Length && row.Cells[k].Text.Trim().Length > 0))
        {
            context.Note(locator, "more cells than header columns; the extra cells are not read");
        }

        var cells = new Dictionary<IncidentColumn, string>();
        DateOnly? date = null;
        TimeOnly? time = null;
        TimeOnly? timeInDate = null;
        for (var i = 0; i < roles.Length; i++)
        {
            if (roles[i] == IncidentColumn.None || !row.Cells.TryGetValue(i, out var cell))
            {
                continue;
            }

            cells[roles[i]] = cell.Text;
            if (roles[i] == IncidentColumn.Date)
            {
                if (cell.IsoDate is { } iso)
                {
                    date = DateOnly.FromDateTime(iso);
                    timeInDate = iso.TimeOfDay == TimeSpan.Zero ? null : TimeOnly.FromTimeSpan(iso.TimeOfDay);
                }
                else if (cell.Number is { } serial)
                {
                    var read = ExcelSerialDates.FromSerial(serial, date1904);
                    if (read.Problem is { } problem)
                    {
                        context.SkippedRecord(locator, problem);
                        return null;
                    }

                    date = read.Date;
                    timeInDate = read.TimeOfDay;
                }
            }
            else if (roles[i] == IncidentColumn.Time)
            {
                time = cell.IsoDate is { } iso ? TimeOnly.FromTimeSpan(iso.TimeOfDay)
                    : cell.Number is { } fraction ? ExcelSerialDates.TimeOfDay(fraction) ?? TimeOnly.MinValue
                    : null;
            }
        }

        // A date cell typed with its time ("07/04/2024 07:30") gives the time when the time column has none.
        if (time is null && timeInDate is not null && IncidentRow.ParseTime(cells.GetValueOrDefault(IncidentColumn.Time, string.Empty)) is null)
        {
            time = timeInDate;
            cells[IncidentColumn.Time] = string.Empty;
        }

        return IncidentRow.ToEvent(cells, date, time, locator, context, times);
    }

    private static string Locator(string sheet, uint? row) => row is null
        ? string.Create(CultureInfo.InvariantCulture, $"sheet {sheet}")
        : string.Create(CultureInfo.InvariantCulture, $"sheet {sheet} row {row}");

    /// <summary>The workbook as a seekable stream (a plain file is; an entry of a container is buffered, bounded).</summary>
    private static async Task<Stream?> SeekableAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken)
    {
        var stream = source.OpenRead();
        if (stream.CanSeek)
        {
            return stream;
        }

        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81_920];
            int n;
            while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > MaxBufferedBytes)
                {
                    context.Unsupported("package", string.Create(CultureInfo.InvariantCulture, $"a workbook inside a container larger than {MaxBufferedBytes} bytes is not read in place; extract it"));
                    await buffer.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                await buffer.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }

            buffer.Position = 0;
            return buffer;
        }
    }
}
