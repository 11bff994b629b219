using System.Globalization;
using EvidencePipe.Application;
using EvidencePipe.Export;
using EvidencePipe.Model;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>search --case DIR [--case DIR…] QUERY</c>: full-text and field search over one case or several
/// (a folder holding cases counts as each of them); each hit names its case. The query is audited in every case searched.
/// </summary>
internal static class SearchCommand
{
    public static int Run(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken, TextWriter? stderr = null)
    {
        var json = cl.Flag("json");
        var limit = cl.Int("limit", 50, 0);
        var sort = cl.Option("sort") switch
        {
            null or "time" or "newest" => SearchSort.Time,
            "oldest" => SearchSort.Oldest,
            "relevance" => SearchSort.Relevance,
            var other => throw new UsageException($"--sort must be time, oldest or relevance, not '{other}'"),
        };
        if (cl.Option("store") is not null)
        {
            return RunLab(cl, limit, sort, json, stdout, stderr ?? Console.Error, cancellationToken);
        }

        var cases = CaseSearch.CaseDirectories(cl.Options("case"));
        cl.RejectUnknown();
        var query = string.Join(' ', cl.Positionals);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new UsageException("search needs a query");
        }

        return Run(cases, query, limit, sort, json, Tool.Audit(cl), stdout, stderr ?? Console.Error, cancellationToken);
    }

    /// <summary>Searches <paramref name="cases"/> (each audited as <paramref name="audit"/>) and prints the merged page.</summary>
    public static int Run(IReadOnlyList<string> cases, string query, int limit, SearchSort sort, bool json, CommandAudit audit, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (total, page) = CaseSearch.Run(cases, query, limit, sort, audit,
            (caseDir, d) => stderr.WriteLine($"evidencepipe: {caseDir}: {d}"), cancellationToken);
        if (json)
        {
            WriteJson(stdout, total, page);
        }
        else
        {
            WriteHuman(stdout, total, page, cases.Count > 1);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>search --store S --case NAME… [--index-root DIR] QUERY</c> (issue 20): each lab case audited (with the database
    /// user) before anything is read, then searched over its jobs' indexes; output as for local cases, each hit's case its name.
    /// </summary>
    private static int RunLab(CommandLine cl, int limit, SearchSort sort, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var names = cl.Options("case");
        var indexRoot = cl.Option("index-root");
        cl.RejectUnknown();
        var query = string.Join(' ', cl.Positionals);
        if (names.Count == 0)
        {
            throw new UsageException("--case is required");
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            throw new UsageException("search needs a query");
        }

        var store = LabTool.Store(cl);
        var readers = names.Distinct(StringComparer.Ordinal).Select(name => LabTool.OpenCaseAudited(cl, store, name)).ToList();
        var (total, page) = Application.Lab.LabSearch.Run(store, readers, indexRoot, query, limit, sort,
            (name, d) => stderr.WriteLine($"evidencepipe: {name}: {d}"), cancellationToken);
        if (json)
        {
            WriteJson(stdout, total, page);
        }
        else
        {
            WriteHuman(stdout, total, page, readers.Count > 1);
        }

        return ExitCodes.Ok;
    }

    private static void WriteJson(TextWriter stdout, long total, IReadOnlyList<(string Case, SearchHit Hit)> hits) =>
        stdout.WriteLine(Json(total, hits));

    /// <summary>The <c>--json</c> object (also the web API's <c>/api/search</c>).</summary>
    public static string Json(long total, IReadOnlyList<(string Case, SearchHit Hit)> hits) =>
        EventJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", total);
            w.WriteStartArray("hits");
            foreach (var (caseDir, hit) in hits)
            {
                var e = hit.Event;
                w.WriteStartObject();
                w.WriteString("case", caseDir);
                w.WriteString("id", e.Id);
                w.WriteString("time", EventJson.Time(e.Time.Utc));
                w.WriteString("time_offset", EventJson.Offset(e.Time.Offset));
                w.WriteString("kind", ModelNames.Of(e.Kind));
                w.WriteString("channel", e.Channel);
                w.WriteString("direction", ModelNames.Of(e.Direction));
                w.WriteString("from", e.From);
                EventJson.WriteIdentifiers(w, "to", e.To);
                w.WriteString("text", e.Text);
                w.WriteString("subject", e.Subject);
                w.WriteString("snippet", hit.Snippet);
                EventJson.WriteSource(w, e.Source);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void WriteHuman(TextWriter stdout, long total, IReadOnlyList<(string Case, SearchHit Hit)> hits, bool severalCases)
    {
        var ci = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(ci, $"{total:N0} matching events (showing {hits.Count})"));
        foreach (var (caseDir, hit) in hits)
        {
            var e = hit.Event;
            var local = e.Time.Local.ToString("yyyy-MM-dd HH:mm:ss zzz", ci);
            var who = $"{Name(e, e.From) ?? "(system)"} → {string.Join(", ", e.To.Select(t => Name(e, t)))}";
            stdout.WriteLine($"{local}  {e.Channel,-8} {ModelNames.Of(e.Direction),-8} {who}");
            if (hit.Snippet is not null)
            {
                stdout.WriteLine("    " + hit.Snippet.ReplaceLineEndings(" ⏎ "));
            }

            stdout.WriteLine($"    [{(severalCases ? caseDir + ": " : string.Empty)}{e.Source.Path} @ {e.Source.Locator}]  id {e.Id}");
        }
    }

    private static string? Name(CommunicationEvent e, string? id) =>
        id is null ? null : e.Names.TryGetValue(id, out var n) ? $"{n} <{id}>" : id;
}
