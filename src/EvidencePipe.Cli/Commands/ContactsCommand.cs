using System.Globalization;
using System.Text.Json;
using EvidencePipe.Analysis;
using EvidencePipe.Application;
using EvidencePipe.Analysis.Scoring;
using EvidencePipe.Export;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>contacts --case DIR [--json] [--order SPEC]… [--aliases FILE]</c>: ranked counter-party persons.</summary>
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
        cl.RejectUnknown();
        return Run(caseDir, Tool.Audit(cl), orders, aliases, lexicon, json, limit, stdout, cancellationToken);
    }

    /// <summary>Analyses the case (audited as <paramref name="audit"/>) and prints its ranked contacts.</summary>
    public static int Run(string caseDir, CommandAudit audit, IReadOnlyList<string> orderSpecs, string? aliasesFile, string? lexiconFile, bool json, int limit, TextWriter stdout, CancellationToken cancellationToken)
    {
        using var store = CaseAccess.OpenAudited(caseDir, create: false, audit);
        var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
        var orders = CaseAnalysis.ParseOrders(orderSpecs);
        var aliases = CaseAnalysis.ReadAliases(aliasesFile, settings.Region);
        var result = CaseAnalysis.Run(store, settings, orders, aliases, CaseAnalysis.LoadLexicon(lexiconFile), cancellationToken);
        if (json)
        {
            stdout.WriteLine(Json(result, limit));
        }
        else
        {
            Human(stdout, result, limit);
        }

        return ExitCodes.Ok;
    }

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Json(AnalysisResult result, int limit) => EventJson.Build(w =>
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
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("owner", result.Owner?.Label);
        w.WriteString("owner_basis", result.OwnerBasis);
        w.WriteString("as_of", Day(result.AsOf));
        w.WriteString("scoring", ScoreWeights.Version);
        w.WriteString("lexicon", result.Lexicon);
        w.WriteEndObject();
    });

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
