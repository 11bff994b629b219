using System.Globalization;
using System.Net;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Chronology;
using EvidencePipe.Export;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Reports;

/// <summary>
/// A chronology of one person's conduct for a charging file or an SPO application: a header row, then
/// one row per occasion (a day in the case zone with contact from the person): date, channels with
/// counts, count, first words, flags (threat, surveillance, breach, after refusal, after block,
/// incident log) and the exhibits — each event's source file, SHA-256 and locator. As RFC 4180 CSV
/// (cells neutralised for spreadsheets, <see cref="SpreadsheetSafe"/>) or one self-contained HTML page.
/// The same case gives the same bytes.
/// </summary>
public static class ChronologyWriter
{
    public static readonly string[] Header = ["date", "channels", "count", "summary", "flags", "exhibits"];

    /// <param name="lookup">The events behind a list of ids (for their source file, hash and locator).</param>
    public static void WriteCsv(TextWriter w, ContactReport contact, Func<IEnumerable<string>, IReadOnlyList<CommunicationEvent>> lookup)
    {
        Rfc4180.WriteRow(w, Header);
        foreach (var (o, exhibits) in Rows(contact, lookup))
        {
            Rfc4180.WriteRow(w, CsvText.SpreadsheetSafe, [.. Cells(o, exhibits, "\n")]);
        }
    }

    public static void WriteHtml(TextWriter w, string caseName, ContactReport contact, Func<IEnumerable<string>, IReadOnlyList<CommunicationEvent>> lookup, string toolVersion, CaseTimeZone zone)
    {
        var ci = CultureInfo.InvariantCulture;
        w.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.Write(string.Create(ci, $"<title>Chronology — {E(contact.Person.Label)} — {E(caseName)}</title><style>"));
        w.Write("body{font:13px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}td.ex{font-family:monospace;font-size:11px;white-space:pre-wrap}.flag{background:#fde0dc;padding:0 4px;margin-right:4px;border-radius:3px}");
        w.Write("</style></head><body>");
        w.Write(string.Create(ci, $"<h1>Chronology: {E(contact.Person.Label)}</h1><p>Case {E(caseName)}; person {E(contact.Person.Id)} ({E(string.Join(", ", contact.Person.Identifiers))}). One row per occasion: a calendar day in {E(zone.Id)} with contact from this person. {contact.Occasions.Count} occasions, {contact.Incoming} contacts. Exhibits name each event's source file, its SHA-256 and the place in it. EvidencePipe {E(toolVersion)}.</p>"));
        w.Write("<table><tr>");
        foreach (var h in Header)
        {
            w.Write(string.Create(ci, $"<th>{E(h)}</th>"));
        }

        w.Write("</tr>");
        foreach (var (o, exhibits) in Rows(contact, lookup))
        {
            var cells = Cells(o, exhibits, "\n");
            w.Write(string.Create(ci, $"<tr><td>{E(cells[0])}</td><td>{E(cells[1])}</td><td>{E(cells[2])}</td><td>{E(cells[3])}</td><td>"));
            foreach (var flag in o.Flags)
            {
                w.Write(string.Create(ci, $"<span class=\"flag\">{E(flag)}</span>"));
            }

            w.Write(string.Create(ci, $"</td><td class=\"ex\">{E(cells[5])}</td></tr>"));
        }

        w.Write("</table></body></html>\n");
    }

    private static IEnumerable<(Occasion Occasion, IReadOnlyList<CommunicationEvent> Exhibits)> Rows(ContactReport contact, Func<IEnumerable<string>, IReadOnlyList<CommunicationEvent>> lookup)
    {
        foreach (var o in contact.Occasions)
        {
            var byId = lookup(o.EventIds).ToDictionary(e => e.Id, StringComparer.Ordinal);
            yield return (o, [.. o.EventIds.Where(byId.ContainsKey).Select(id => byId[id])]);
        }
    }

    private static string[] Cells(Occasion o, IReadOnlyList<CommunicationEvent> exhibits, string separator)
    {
        var ci = CultureInfo.InvariantCulture;
        var list = exhibits.Select(e => string.Create(ci, $"{e.Source.Path} sha256:{e.Source.Sha256} @ {e.Source.Locator}")).ToList();
        if (o.Unlisted > 0)
        {
            list.Add(string.Create(ci, $"… {o.Unlisted} more events that day"));
        }

        return
        [
            o.Day.ToString("yyyy-MM-dd", ci),
            string.Join("; ", o.Channels.Select(c => string.Create(ci, $"{c.Key} {c.Value}"))),
            o.Count.ToString(ci),
            o.FirstWords ?? string.Empty,
            string.Join("; ", o.Flags),
            string.Join(separator, list),
        ];
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
}
