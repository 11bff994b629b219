using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using EvidencePipe.Reading;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// Reads the victim's incident log saved as CSV (the template <c>fixtures/incident-log/incident-log-template.csv</c>):
/// one <see cref="Model.EventKind.Incident"/> event per row after the header (<see cref="IncidentRow"/>).
/// Locators are <c>row N</c>, the spreadsheet row (the header is row 1), with the file line when a
/// multi-line cell makes them differ. Cells are kept as text, never evaluated: a cell such as
/// <c>=HYPERLINK(…)</c> is the victim's text as typed.
/// </summary>
public sealed class IncidentLogCsvReader : IEvidenceReader
{
    public const string FormatName = "incident-log-csv";

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var head = new byte[SniffBuffer.HeadLength];
        int headLength;
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (IncidentLogCsvSniffer.Header(head.AsSpan(0, headLength)) is not { } delimiter)
        {
            context.Unsupported("row 1", "no incident-log header row (date, time, what happened, where, witnesses, how it affected me, who)");
            yield break;
        }

        var times = new LocalTimeSequence(context.TimeZone);
        stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, EvidenceSource.BufferSize);
            var records = new CsvRecords(text, delimiter);
            IncidentColumn[]? roles = null;
            var row = 0;
            while (records.Next(cancellationToken) is { } record)
            {
                row++;
                if (record.Fields.All(f => f.Length == 0))
                {
                    continue;
                }

                var locator = row == record.Line
                    ? string.Create(CultureInfo.InvariantCulture, $"row {row}")
                    : string.Create(CultureInfo.InvariantCulture, $"row {row} (line {record.Line})");
                if (roles is null)
                {
                    roles = IncidentLogColumns.Recognise([.. record.Fields.Select((f, i) => i == 0 ? f.TrimStart('\uFEFF') : f)]);
                    if (roles is null)
                    {
                        context.Unsupported(locator, "the first row is not an incident-log header");
                        yield break;
                    }

                    continue;
                }

                if (record.Problem is { } problem)
                {
                    context.RecoveredRecord(locator, problem);
                }

                if (record.Fields.Count > roles.Length && record.Fields.Skip(roles.Length).Any(f => f.Length > 0))
                {
                    context.Note(locator, "more cells than header columns; the extra cells are not read");
                }

                var cells = new Dictionary<IncidentColumn, string>();
                for (var i = 0; i < Math.Min(roles.Length, record.Fields.Count); i++)
                {
                    if (roles[i] != IncidentColumn.None)
                    {
                        cells[roles[i]] = record.Fields[i];
                    }
                }

                if (IncidentRow.ToEvent(cells, null, null, locator, context, times) is { } e)
                {
                    yield return new EventRecord(e);
                }
            }
        }
    }
}
