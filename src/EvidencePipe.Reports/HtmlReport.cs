using System.Globalization;
using System.Net;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Changes;
using EvidencePipe.Analysis.Risk;
using EvidencePipe.Analysis.Scoring;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Reports;

/// <summary>
/// One self-contained HTML file (no scripts, fonts or images from the network): the ranked
/// contacts; for each person of concern a chart with markers, indicator cards that open to their
/// evidence (time, channel, excerpt, source file and locator), the legal panel and order breaches;
/// and the caveat that this supports, and does not replace, risk assessment with the victim.
/// </summary>
public static class HtmlReport
{
    private const int EvidenceRows = 60;

    public const string Caveat =
        "This report organises the communications found in the exhibits and shows the workings behind every figure. " +
        "Scores order contacts for attention; they are not probabilities of harm and do not replace DASH/S-DASH risk " +
        "assessment with the victim. Phrases flagged as threats or surveillance are matches of a curated list and must be " +
        "read in context and confirmed by an officer. Links marked inferred are proposals, not findings.";

    /// <param name="lookup">Fetches events by id for the evidence tables.</param>
    /// <param name="zone">The case time zone: every date and time in the report is on this clock unless marked UTC.</param>
    /// <param name="changes">What changed since the previous snapshot (<c>report --since-last</c>); null leaves the section out.</param>
    public static void Write(TextWriter w, string caseName, AnalysisResult result, Func<IEnumerable<string>, IReadOnlyList<CommunicationEvent>> lookup, string toolVersion, CaseTimeZone zone, SinceLastView? changes = null, Analysis.Tracking.TrackingView? tracking = null)
    {
        var ci = CultureInfo.InvariantCulture;
        string CaseDate(DateTimeOffset t) => zone.ToLocal(t).ToString("yyyy-MM-dd", ci);
        w.Write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>EvidencePipe report — ");
        w.Write(E(caseName));
        w.Write("</title><style>");
        w.Write("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}");
        w.Write("table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}th{background:#f4f4f4}");
        w.Write(".band-high{background:#fde0dc;font-weight:bold}.band-medium{background:#fff3cd}.band-standard{background:#eef6ee}.caveat{background:#fff8e1;border:1px solid #e0c97a;padding:8px 12px}");
        w.Write("details{border:1px solid #ddd;margin:6px 0;padding:4px 8px;border-radius:4px}summary{cursor:pointer}.code{font-family:monospace;background:#eee;padding:0 4px}.legal td:first-child{width:40%}");
        w.Write("</style></head><body>");
        w.Write(string.Create(ci, $"<h1>Communications analysis — {E(caseName)}</h1>"));
        w.Write(string.Create(ci, $"<p>Device owner: <b>{E(result.Owner?.Label ?? "unknown")}</b> ({E(result.OwnerBasis)}). Data up to {result.AsOf?.ToString("yyyy-MM-dd", ci) ?? "—"}. Scoring table {ScoreWeights.Version}; phrase lexicon {E(result.Lexicon)}; EvidencePipe {E(toolVersion)}.</p>"));
        w.Write(string.Create(ci, $"<p class=\"clock\">Clocks: every date and time in this report is on the case clock, <b>{E(zone.Id)}</b> (calendar days and local times there, daylight saving applied), unless it ends in <b>Z</b> (UTC). Evidence tables also show each record's time as the source recorded it, with the source's own UTC offset.</p>"));
        w.Write($"<p class=\"caveat\">{E(Caveat)}</p>");
        var suspect = result.Perspective == Perspective.Suspect;
        if (suspect)
        {
            w.Write("<p class=\"perspective\" data-perspective=\"suspect\"><b>A suspect's device.</b> The device owner is the person under investigation: each person below is ranked by <b>the owner's pursuit of them</b> — the owner's contact with the person, the owner's threats, the owner's contact after the person said stop. The in/out columns stay relative to the device owner.</p>");
        }

        w.Write("<h2>Ranked contacts</h2><table class=\"ranked\"><tr><th>#</th><th>person</th><th>identifiers</th><th>events</th><th>in</th><th>out</th><th>first (case date)</th><th>last (case date)</th><th>score</th><th>band</th><th>onset (case date)</th></tr>");
        foreach (var c in result.Contacts)
        {
            w.Write(string.Create(ci, $"<tr><td>{c.Rank}</td><td><a href=\"#{c.Person.Id}\">{E(c.Person.Label)}</a></td><td>{E(string.Join(", ", c.Person.Identifiers))}</td><td>{c.Events}</td><td>{c.Incoming}</td><td>{c.Outgoing}</td><td>{CaseDate(c.First)}</td><td>{CaseDate(c.Last)}</td><td>{c.Score}</td><td class=\"band-{c.Band}\">{c.Band}</td><td>{c.Onset?.ToString("yyyy-MM-dd", ci) ?? ""}</td></tr>"));
        }

        w.Write("</table>");
        if (changes is not null)
        {
            WriteChanges(w, changes, result, zone);
        }

        // Only a case with location or app records (or places asked for) gains the section, so other reports keep their bytes.
        if (tracking is not null && (tracking.Places.Count > 0 || tracking.Apps.Count > 0))
        {
            TrackingSection.Write(w, tracking, zone);
        }

        var channels = result.Contacts.SelectMany(c => c.Channels.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var ofConcern = result.Contacts.Where(c => c.Band != "standard").ToList();
        if (ofConcern.Count == 0)
        {
            ofConcern = result.Contacts.Take(1).ToList();
        }

        foreach (var c in ofConcern)
        {
            w.Write(string.Create(ci, $"<h2 id=\"{c.Person.Id}\">{c.Rank}. {E(c.Person.Label)} — score {c.Score}, <span class=\"band-{c.Band}\">{c.Band}</span></h2>"));
            w.Write(string.Create(ci, $"<p>{E(string.Join(", ", c.Person.Identifiers))}. {c.Events} events ({c.Incoming} in, {c.Outgoing} out) from {CaseDate(c.First)} to {CaseDate(c.Last)} (case dates); by channel: {E(string.Join(", ", c.Channels.Select(kv => string.Create(ci, $"{kv.Key} {kv.Value}"))))}.</p>"));
            w.Write(ContactChart.Render(c, channels));
            if (c.Person.Links.Count > 0)
            {
                w.Write("<details><summary>How these identifiers were joined</summary><ul>");
                foreach (var l in c.Person.Links)
                {
                    w.Write(string.Create(ci, $"<li data-kind=\"{E(l.Kind)}\" data-inferred=\"{(l.Inferred ? "true" : "false")}\">{E(l.A)} ↔ {E(l.B)}: {E(l.Basis)}{(l.Inferred ? " <b>(inferred — to be confirmed)</b>" : string.Empty)}</li>"));
                }

                w.Write("</ul></details>");
            }

            WriteLegal(w, c, result.Impact, lookup, zone, suspect);
            WriteRiskPrompts(w, c, result.Impact, lookup, zone);
            w.Write("<h3>Indicators</h3>");
            foreach (var i in c.Indicators)
            {
                w.Write(string.Create(ci, $"<details class=\"indicator\" data-code=\"{E(i.Code)}\"><summary><span class=\"code\">{E(i.Code)}</span> +{i.Weight} — {E(i.Detail)}</summary>"));
                WriteEvidence(w, lookup(i.Evidence.Take(EvidenceRows)), i.Evidence.Count, zone);
                w.Write("</details>");
            }

            foreach (var b in c.Breaches)
            {
                w.Write(string.Create(ci, $"<details><summary><span class=\"code\">{E(b.Type)}</span> order [{E(b.Order)}]: {b.Count} contacts while in force</summary>"));
                WriteEvidence(w, lookup(b.Evidence.Take(EvidenceRows)), b.Evidence.Count, zone);
                w.Write("</details>");
            }
        }

        w.Write("<h2>Scoring table</h2><table><tr><th>indicator</th><th>weight</th></tr>");
        foreach (var (code, weight) in ScoreWeights.Weights)
        {
            w.Write(string.Create(ci, $"<tr><td class=\"code\">{E(code)}</td><td>{weight}</td></tr>"));
        }

        w.Write(string.Create(ci, $"</table><p>Band: high ≥ {ScoreWeights.HighBand}, medium ≥ {ScoreWeights.MediumBand}, otherwise standard.</p>"));
        w.Write(string.Create(ci, $"<p class=\"caveat\">{E(Caveat)}</p></body></html>\n"));
    }

    private static void WriteLegal(TextWriter w, ContactReport c, IReadOnlyList<ImpactEvidence> impact, Func<IEnumerable<string>, IReadOnlyList<CommunicationEvent>> lookup, CaseTimeZone zone, bool suspect)
    {
        var ci = CultureInfo.InvariantCulture;
        string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", ci) ?? "—";
        w.Write("<h3>Legal panel</h3><table class=\"legal\">");
        w.Write(string.Create(ci, $"<tr><td>First / last occasion (case dates)</td><td>{D(c.Legal.FirstOccasion)} / {D(c.Legal.LastOccasion)}</td></tr>"));
        w.Write(string.Create(ci, $"<tr><td>Occasions ({(suspect ? "days the owner contacted this person" : "days with contact from this person")})</td><td>{c.Legal.Occasions}{(c.Legal.Occasions >= 2 ? " — course of conduct (2 or more)" : string.Empty)}</td></tr>"));
        w.Write(string.Create(ci, $"<tr><td>Threat occasions</td><td>{c.Legal.ThreatOccasions}{(c.Legal.FearOfViolenceEvidence ? " — evidence towards s.4A fear of violence on at least two occasions" : string.Empty)}</td></tr>"));
        foreach (var b in c.Breaches)
        {
            w.Write(string.Create(ci, $"<tr><td>Breaches of {E(b.Type)} [{E(b.Order)}]</td><td>{b.Count}{(b.First is { } f ? string.Create(ci, $" (first {f.UtcDateTime:yyyy-MM-dd HH:mm}Z, last {b.Last?.UtcDateTime:yyyy-MM-dd HH:mm}Z)") : string.Empty)}</td></tr>"));
        }

        w.Write(string.Create(ci, $"<tr><td>Summary-offence time limit (last occasion + 6 months)</td><td>{D(c.Legal.SummaryTimeLimit)}</td></tr>"));
        if (impact.Count > 0)
        {
            // s.4A(1)(b)(ii): the owner's own words, shown verbatim with their evidence; an officer confirms them with the victim.
            var byCategory = string.Join("; ", impact.GroupBy(i => i.Category).Select(g => string.Create(ci, $"{g.Key} {g.Count()}")));
            w.Write(string.Create(ci, $"<tr class=\"impact\"><td>Impact in the owner's own messages (s.4A(1)(b)(ii) substantial adverse effect on usual day-to-day activities; fear, alarm or distress) — to be confirmed by an officer with the victim</td><td>{impact.Count} phrases ({E(byCategory)}): {E(string.Join("; ", impact.Take(5).Select(i => "\"" + i.Matched + "\"")))}</td></tr>"));
        }

        w.Write("</table>");
        if (impact.Count > 0)
        {
            w.Write("<details class=\"impact\"><summary>Impact evidence</summary>");
            WriteEvidence(w, lookup(impact.Select(i => i.EventId).Distinct(StringComparer.Ordinal).Take(EvidenceRows)), impact.Select(i => i.EventId).Distinct(StringComparer.Ordinal).Count(), zone);
            w.Write("</details>");
        }
    }

    /// <summary>
    /// "What changed since the last snapshot": the events stored since it and every person whose band
    /// changed, who gained an indicator, or who is new to the ranking — the figures of
    /// <c>contacts --since-last</c>, so new information leads to a new look at risk.
    /// </summary>
    private static void WriteChanges(TextWriter w, SinceLastView changes, AnalysisResult result, CaseTimeZone zone)
    {
        var ci = CultureInfo.InvariantCulture;
        w.Write("<section id=\"since-last\"><h2>What changed since the last snapshot</h2>");
        w.Write(changes.SnapshotId is { } id
            ? string.Create(ci, $"<p data-snapshot=\"{id}\">Compared with snapshot {id}, kept by the run at {E(changes.SnapshotTime)} (UTC): <b>{changes.NewEventsTotal}</b> events stored since, and {changes.Persons.Count} persons whose standing changed.</p>")
            : string.Create(ci, $"<p data-snapshot=\"\">No earlier contacts or report run kept a snapshot: all <b>{changes.NewEventsTotal}</b> events are new.</p>"));
        var ranked = result.Contacts.Select(c => c.Person.Id).ToHashSet(StringComparer.Ordinal);
        w.Write("<h3>Persons whose standing changed</h3>");
        if (changes.Persons.Count == 0)
        {
            w.Write("<p>None: no band changed and no indicator is new.</p>");
        }
        else
        {
            w.Write("<table class=\"changes\"><tr><th>person</th><th>band</th><th>score</th><th>new indicators</th></tr>");
            foreach (var p in changes.Persons)
            {
                var band = p.BandBefore is null ? $"new to the ranking: {p.Band}" : p.BandBefore == p.Band ? p.Band : $"{p.BandBefore} → {p.Band}";
                var score = p.ScoreBefore is { } before ? string.Create(ci, $"{before} → {p.Score}") : p.Score.ToString(ci);
                var name = ranked.Contains(p.PersonId) ? $"<a href=\"#{E(p.PersonId)}\">{E(p.Label)}</a>" : E(p.Label);
                w.Write(string.Create(ci, $"<tr data-person=\"{E(p.PersonId)}\" data-band-before=\"{E(p.BandBefore)}\" data-band=\"{E(p.Band)}\"><td>{name}</td><td>{E(band)}</td><td>{score}</td><td>{string.Join(" ", p.NewIndicators.Select(c => $"<span class=\"code\">{E(c)}</span>"))}</td></tr>"));
            }

            w.Write("</table>");
        }

        w.Write(string.Create(ci, $"<h3>New events</h3><table class=\"evidence new-events\"><tr><th>time ({E(zone.Id)})</th><th>channel</th><th>direction</th><th>from</th><th>excerpt</th><th>source @ locator</th></tr>"));
        foreach (var e in changes.NewEvents)
        {
            var excerpt = (e.Text ?? e.Subject ?? (e.Kind == EventKind.Call ? string.Create(ci, $"call {ModelNames.Of(e.CallStatus)} {e.DurationSeconds}s") : string.Empty)).ReplaceLineEndings(" ");
            if (excerpt.Length > 160)
            {
                excerpt = excerpt[..160] + "…";
            }

            w.Write(string.Create(ci, $"<tr data-event=\"{E(e.Id)}\"><td>{zone.ToLocal(e.Time.Utc).ToString("yyyy-MM-dd HH:mm:ss", ci)}</td><td>{E(e.Channel)}</td><td>{ModelNames.Of(e.Direction)}</td><td>{E(e.From)}</td><td>{E(excerpt)}</td><td>{E(e.Source.Path)} @ {E(e.Source.Locator)}</td></tr>"));
        }

        w.Write("</table>");
        if (changes.NewEventsTotal > changes.NewEvents.Count)
        {
            w.Write(string.Create(ci, $"<p>… {changes.NewEventsTotal - changes.NewEvents.Count} more: the first {SinceLastView.Cap} are listed.</p>"));
        }

        w.Write("</section>");
    }

    /// <summary>
    /// DASH/S-DASH questions paired with what the communications show about them (<see cref="RiskPrompts"/>):
    /// prompts for the risk assessment with the victim, never a score; the questions with nothing here are
    /// listed too, because they are still asked.
    /// </summary>
    private static void WriteRiskPrompts(TextWriter w, ContactReport c, IReadOnlyList<ImpactEvidence> impact, Func<IEnumerable<string>, IReadOnlyList<CommunicationEvent>> lookup, CaseTimeZone zone)
    {
        var ci = CultureInfo.InvariantCulture;
        var data = RiskPrompts.Bundled;
        var prompts = data.For(c, impact);
        w.Write(string.Create(ci, $"<h3>Risk prompts (DASH / S-DASH) — to ask with the victim, not a score</h3><p class=\"caveat\">{E(data.Caveat)}</p>"));
        if (prompts.Count > 0)
        {
            w.Write("<table class=\"risk-prompts\"><tr><th>question</th><th>topic (paraphrased)</th><th>what the communications show</th></tr>");
            foreach (var p in prompts)
            {
                var shows = p.Indicators.Select(i => $"<span class=\"code\">{E(i.Code)}</span> {E(i.Detail)}")
                    .Concat(p.Impact.Count > 0 ? [E($"the owner's own words: {string.Join("; ", p.Impact.Take(5).Select(i => "\"" + i.Matched + "\""))}{(p.Impact.Count > 5 ? "; …" : string.Empty)}")] : []);
                w.Write(string.Create(ci, $"<tr data-question=\"{E(p.Question.Id)}\"><td>{E(p.Question.Id)}</td><td>{E(p.Question.Topic)}</td><td>{string.Join("<br>", shows)}<details><summary>{p.Evidence.Count} events</summary>"));
                WriteEvidence(w, lookup(p.Evidence.Take(EvidenceRows)), p.Evidence.Count, zone);
                w.Write("</details></td></tr>");
            }

            w.Write("</table>");
        }

        var asked = prompts.Select(p => p.Question.Id).ToHashSet(StringComparer.Ordinal);
        var rest = data.Questions.Where(q => !asked.Contains(q.Id)).ToList();
        w.Write(string.Create(ci, $"<p class=\"risk-unmapped\">Nothing in the communications bears on (still to be asked): {E(string.Join("; ", rest.Select(q => $"{q.Id} — {q.Topic}")))}.</p>"));
        w.Write(string.Create(ci, $"<p class=\"risk-sources\">Question list {E(data.Version)}. Sources: {E(string.Join(" ", data.Sources.Values))}</p>"));
    }

    private static void WriteEvidence(TextWriter w, IReadOnlyList<CommunicationEvent> events, int total, CaseTimeZone zone)
    {
        var ci = CultureInfo.InvariantCulture;
        w.Write(string.Create(ci, $"<table class=\"evidence\"><tr><th>time ({E(zone.Id)})</th><th>as recorded (source offset)</th><th>channel</th><th>direction</th><th>excerpt</th><th>source @ locator</th></tr>"));
        foreach (var e in events)
        {
            var excerpt = e.Text ?? e.Subject ?? (e.Kind == EventKind.Call ? string.Create(ci, $"call {ModelNames.Of(e.CallStatus)} {e.DurationSeconds}s") : string.Empty);
            if (excerpt.Length > 160)
            {
                excerpt = excerpt[..160] + "…";
            }

            var caseTime = zone.ToLocal(e.Time.Utc);
            w.Write(string.Create(ci, $"<tr><td>{caseTime.ToString("yyyy-MM-dd HH:mm:ss", ci)}</td><td>{e.Time.Local.ToString("yyyy-MM-dd HH:mm:ss zzz", ci)}</td><td>{E(e.Channel)}</td><td>{ModelNames.Of(e.Direction)}</td><td>{E(excerpt)}</td><td>{E(e.Source.Path)} @ {E(e.Source.Locator)}</td></tr>"));
        }

        w.Write("</table>");
        if (total > events.Count)
        {
            w.Write(string.Create(ci, $"<p>… {total - events.Count} more in <span class=\"code\">contacts --json</span>.</p>"));
        }
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
}
