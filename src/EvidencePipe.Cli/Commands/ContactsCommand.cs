using System.Globalization;
using System.Text.Json;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Changes;
using EvidencePipe.Analysis.Risk;
using EvidencePipe.Application;
using EvidencePipe.Analysis.Scoring;
using EvidencePipe.Export;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>contacts --case DIR|--store S --case NAME [--json] [--order SPEC]… [--aliases FILE]</c>: ranked counter-party persons.</summary>
internal static class ContactsCommand
{
    public static int Run(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var json = cl.Flag("json");
        var limit = cl.Int("limit", int.MaxValue, 1);
        var caseDir = cl.Required("case");
        var orders = cl.Options("order");
        var aliases = cl.Option("aliases");
        var lexicon = cl.Option("lexicon");
        var sinceLast = cl.Flag("since-last");
        var watch = cl.Options("watch");
        var places = cl.Options("place");
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();
        if (!lab)
        {
            return Run(caseDir, Tool.Audit(cl), orders, aliases, lexicon, json, limit, stdout, cancellationToken, sinceLast, watch, places);
        }

        // --store: a lab case (issue 20) read through the same interface, so the output is the same bytes.
        var parsedPlaces = CaseAnalysis.ParsePlaces(places);
        return Run(LabTool.OpenCaseAudited(cl), cl.Command, parsedPlaces, orders, aliases, lexicon, json, limit, stdout, sinceLast, watch, cancellationToken);
    }

    /// <summary>Analyses the case (audited as <paramref name="audit"/>) and prints its ranked contacts.</summary>
    public static int Run(string caseDir, CommandAudit audit, IReadOnlyList<string> orderSpecs, string? aliasesFile, string? lexiconFile, bool json, int limit, TextWriter stdout, CancellationToken cancellationToken, bool sinceLast = false, IReadOnlyList<string>? watch = null, IReadOnlyList<string>? placeSpecs = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var places = CaseAnalysis.ParsePlaces(placeSpecs ?? []);
        using var local = CaseAccess.OpenAudited(caseDir, create: false, audit);
        return Run(new SqliteCaseReader(local), audit.Command, places, orderSpecs, aliasesFile, lexiconFile, json, limit, stdout, sinceLast, watch, cancellationToken);
    }

    /// <summary>Analyses an opened (and already audited) case of either engine and prints its ranked contacts.</summary>
    private static int Run(ICaseReader store, string command, IReadOnlyList<Analysis.Tracking.Place> places, IReadOnlyList<string> orderSpecs, string? aliasesFile, string? lexiconFile, bool json, int limit, TextWriter stdout, bool sinceLast, IReadOnlyList<string>? watch, CancellationToken cancellationToken)
    {
        var settings = CaseOptions.Read(store);
        var orders = CaseAnalysis.ParseOrders(orderSpecs);
        var aliases = CaseAnalysis.ReadAliases(aliasesFile, settings.Region);
        var result = CaseAnalysis.Run(store, settings, orders, aliases, CaseAnalysis.LoadLexicon(lexiconFile), cancellationToken);
        var changes = CaseAnalysis.Snapshot(store, result, command, sinceLast, cancellationToken);
        var watched = watch is { Count: > 0 } ? CaseAnalysis.Watch(store, watch, settings.Region, cancellationToken) : null;
        var tracking = CaseAnalysis.Tracking(store, places, cancellationToken);
        if (json)
        {
            stdout.WriteLine(Json(result, limit, changes, watched, CaseAnalysis.TrackingShown(tracking, places.Count), places.Count > 0));
        }
        else
        {
            Human(stdout, result, limit);
            if (changes is not null)
            {
                HumanChanges(stdout, changes);
            }

            if (result.Impact.Count > 0)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"impact in the owner's own messages (s.4A(1)(b)(ii); to be confirmed by an officer with the victim): {result.Impact.Count} phrases"));
                foreach (var i in result.Impact.Take(10))
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  · {EventJson.Time(i.Time)} {i.Category}: \"{i.Matched}\""));
                }
            }

            foreach (var h in watched ?? [])
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"watch \"{h.Term}\" ({h.Kind}): {h.Events} events{(h.First is { } f ? $", first {EventJson.Time(f)}, last {EventJson.Time(h.Last!.Value)}" : string.Empty)}"));
            }

            TrackingOutput.Human(stdout, tracking, places.Count > 0);
        }

        return ExitCodes.Ok;
    }

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Json(AnalysisResult result, int limit, SinceLastView? changes = null, IReadOnlyList<Analysis.Watch.WatchHit>? watched = null, Analysis.Tracking.TrackingView? tracking = null, bool showPlaces = false) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("contacts");
        foreach (var c in result.Contacts.Take(limit))
        {
            w.WriteStartObject();
            w.WriteNumber("rank", c.Rank);
            w.WriteString("person", c.Person.Label);
            EventJson.WriteIdentifiers(w, "identifiers", c.Person.Identifiers);
            w.WriteNumber("events", c.Events);
            w.WriteNumber("incoming", c.Incoming);
            w.WriteNumber("outgoing", c.Outgoing);
            w.WriteString("first", EventJson.Time(c.First));
            w.WriteString("last", EventJson.Time(c.Last));
            w.WriteNumber("score", c.Score);
            w.WriteString("band", c.Band);
            if (c.Onset is { } onset)
            {
                w.WriteString("onset", Day(onset));
            }
            else
            {
                w.WriteNull("onset");
            }

            w.WriteStartArray("indicators");
            foreach (var i in c.Indicators)
            {
                w.WriteStartObject();
                w.WriteString("code", i.Code);
                w.WriteNumber("value", i.Value);
                w.WriteString("detail", i.Detail);
                EventJson.WriteIdentifiers(w, "evidence", i.Evidence);
                w.WriteNumber("weight", i.Weight);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("breaches");
            foreach (var b in c.Breaches)
            {
                w.WriteStartObject();
                w.WriteString("order", b.Order);
                w.WriteNumber("count", b.Count);
                WriteTime(w, "first", b.First);
                WriteTime(w, "last", b.Last);
                w.WriteString("type", b.Type);
                EventJson.WriteIdentifiers(w, "evidence", b.Evidence);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            // Extensions: how the person was formed, the legal panel, channel mix.
            w.WriteString("person_id", c.Person.Id);
            w.WriteBoolean("service", c.Service);
            w.WriteStartArray("links");
            foreach (var l in c.Person.Links)
            {
                w.WriteStartObject();
                w.WriteString("a", l.A);
                w.WriteString("b", l.B);
                w.WriteString("basis", l.Basis);
                w.WriteBoolean("inferred", l.Inferred);
                w.WriteString("kind", l.Kind);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("legal");
            w.WriteString("first_occasion", Day(c.Legal.FirstOccasion));
            w.WriteString("last_occasion", Day(c.Legal.LastOccasion));
            w.WriteNumber("occasions", c.Legal.Occasions);
            w.WriteNumber("threat_occasions", c.Legal.ThreatOccasions);
            w.WriteBoolean("s4a_fear_of_violence_evidence", c.Legal.FearOfViolenceEvidence);
            w.WriteString("summary_time_limit", Day(c.Legal.SummaryTimeLimit));
            w.WriteEndObject();
            w.WriteStartObject("channels");
            foreach (var (channel, n) in c.Channels)
            {
                w.WriteNumber(channel, n);
            }

            w.WriteEndObject();

            // DASH/S-DASH questions with what the communications show about them: prompts, never a score.
            w.WriteStartArray("risk_prompts");
            foreach (var p in RiskPrompts.Bundled.For(c, result.Impact))
            {
                w.WriteStartObject();
                w.WriteString("question", p.Question.Id);
                w.WriteString("source", p.Question.Source);
                w.WriteString("topic", p.Question.Topic);
                EventJson.WriteIdentifiers(w, "indicators", [.. p.Indicators.Select(i => i.Code)]);
                EventJson.WriteIdentifiers(w, "impact", [.. p.Impact.Select(i => i.Matched)]);
                EventJson.WriteIdentifiers(w, "evidence", p.Evidence);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("risk_prompts", RiskPrompts.Bundled.Version);
        w.WriteString("risk_prompts_caveat", RiskPrompts.Bundled.Caveat);
        w.WriteString("owner", result.Owner?.Label);
        w.WriteString("owner_basis", result.OwnerBasis);
        w.WriteString("as_of", Day(result.AsOf));
        w.WriteString("scoring", ScoreWeights.Version);
        w.WriteString("lexicon", result.Lexicon);
        w.WriteString("perspective", Perspectives.Name(result.Perspective));
        w.WriteStartArray("impact");
        foreach (var i in result.Impact)
        {
            w.WriteStartObject();
            w.WriteString("category", i.Category);
            w.WriteString("matched", i.Matched);
            w.WriteString("event", i.EventId);
            w.WriteString("time", EventJson.Time(i.Time));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (changes is not null)
        {
            WriteChanges(w, changes);
        }

        if (watched is not null)
        {
            w.WriteStartArray("watch");
            foreach (var h in watched)
            {
                w.WriteStartObject();
                w.WriteString("term", h.Term);
                w.WriteString("kind", h.Kind);
                w.WriteNumber("events", h.Events);
                WriteTime(w, "first", h.First);
                WriteTime(w, "last", h.Last);
                EventJson.WriteIdentifiers(w, "evidence", h.Evidence);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (tracking is not null)
        {
            TrackingOutput.Json(w, tracking, showPlaces);
        }

        w.WriteEndObject();
    });

    /// <summary><c>"since_last"</c>: the snapshot compared with, the events added since it, and persons whose standing changed.</summary>
    private static void WriteChanges(Utf8JsonWriter w, SinceLastView changes)
    {
        w.WriteStartObject("since_last");
        if (changes.SnapshotId is { } id)
        {
            w.WriteStartObject("snapshot");
            w.WriteNumber("id", id);
            w.WriteString("time", changes.SnapshotTime);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("snapshot");
        }

        w.WriteNumber("new_events_total", changes.NewEventsTotal);
        w.WriteStartArray("new_events");
        foreach (var e in changes.NewEvents)
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("time", EventJson.Time(e.Time.Utc));
            w.WriteString("channel", e.Channel);
            w.WriteString("direction", Model.ModelNames.Of(e.Direction));
            w.WriteString("from", e.From);
            w.WriteString("text", e.Text ?? e.Subject);
            EventJson.WriteSource(w, e.Source);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("persons");
        foreach (var p in changes.Persons)
        {
            w.WriteStartObject();
            w.WriteString("person_id", p.PersonId);
            w.WriteString("person", p.Label);
            w.WriteString("band_before", p.BandBefore);
            w.WriteString("band", p.Band);
            if (p.ScoreBefore is { } before)
            {
                w.WriteNumber("score_before", before);
            }
            else
            {
                w.WriteNull("score_before");
            }

            w.WriteNumber("score", p.Score);
            w.WriteStartArray("new_indicators");
            foreach (var code in p.NewIndicators)
            {
                w.WriteStringValue(code);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void HumanChanges(TextWriter stdout, SinceLastView changes)
    {
        stdout.WriteLine(changes.SnapshotId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"since the last run (snapshot {id}, {changes.SnapshotTime}): {changes.NewEventsTotal} new events")
            : string.Create(CultureInfo.InvariantCulture, $"no earlier run kept a snapshot: all {changes.NewEventsTotal} events are new"));
        foreach (var e in changes.NewEvents)
        {
            var text = (e.Text ?? e.Subject ?? string.Empty).ReplaceLineEndings(" ");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  + {EventJson.Time(e.Time.Utc)} {e.Channel,-9} {Model.ModelNames.Of(e.Direction),-8} {e.From} {(text.Length > 80 ? text[..80] + "…" : text)}  [{e.Source.Path} @ {e.Source.Locator}]"));
        }

        if (changes.NewEventsTotal > changes.NewEvents.Count)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … {changes.NewEventsTotal - changes.NewEvents.Count} more (contacts --since-last --json lists the first {SinceLastView.Cap})"));
        }

        foreach (var p in changes.Persons)
        {
            var band = p.BandBefore is null ? $"new: {p.Band}" : p.BandBefore == p.Band ? p.Band : $"{p.BandBefore} → {p.Band}";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Label} ({p.PersonId}): {band}, score {(p.ScoreBefore is { } b ? b.ToString(CultureInfo.InvariantCulture) + " → " : string.Empty)}{p.Score}{(p.NewIndicators.Count > 0 ? "; new indicators: " + string.Join(", ", p.NewIndicators) : string.Empty)}"));
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v)
        {
            w.WriteString(name, EventJson.Time(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Human(TextWriter stdout, AnalysisResult result, int limit)
    {
        if (result.Perspective == Perspective.Suspect)
        {
            stdout.WriteLine("perspective: suspect — the owner is the person under investigation; each person is ranked by the owner's pursuit of them (\"contact\" below is the owner's contact with the person; refusals are the person's)");
        }

        stdout.WriteLine($"owner: {result.Owner?.Label ?? "unknown"} ({result.OwnerBasis}); as of {Day(result.AsOf)} (case time zone); {ScoreWeights.Version}, lexicon {result.Lexicon} (a ranking aid, not a probability)");
        stdout.WriteLine("rank score band      events  in     out    onset       person");
        foreach (var c in result.Contacts.Take(limit))
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Rank,4} {c.Score,5} {c.Band,-9} {c.Events,6}  {c.Incoming,-6} {c.Outgoing,-6} {Day(c.Onset),-10}  {c.Person.Label} <{string.Join(", ", c.Person.Identifiers)}>"));
            foreach (var i in c.Indicators)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"           · {i.Code} (+{i.Weight}): {i.Detail}"));
            }

            foreach (var b in c.Breaches)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"           · order {b.Type} [{b.Order}]: {b.Count} breaches"));
            }
        }
    }
}
