using System.Globalization;
using EvidencePipe.Export;
using EvidencePipe.Index.Lucene;
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
        var cases = CaseDirectories(cl.Options("case"));
        cl.RejectUnknown();
        var query = string.Join(' ', cl.Positionals);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new UsageException("search needs a query");
        }

        long total = 0;
        var hits = new List<(string Case, SearchHit Hit)>();
        foreach (var caseDir in cases)
        {
            using var store = Tool.OpenForReading(caseDir, cl, stderr);
            var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
            var node = new QueryParser(settings.TimeZone, settings.Region).Parse(query);
            using var index = CaseIndex.Open(store, verifyCount: false, d => (stderr ?? Console.Error).WriteLine($"evidencepipe: {caseDir}: {d}"), cancellationToken);
            using var search = new LuceneEventSearch(index);
            var result = search.Search(new SearchRequest(node, limit, sort), cancellationToken);
            total += result.Total;
            hits.AddRange(result.Hits.Select(h => (caseDir, h)));
        }

        var page = Merge(hits, sort).Take(limit).ToList();
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

    /// <summary>The cases named, in order; a folder that is not a case but holds cases stands for each of them (sorted).</summary>
    private static List<string> CaseDirectories(IReadOnlyList<string> given)
    {
        if (given.Count == 0)
        {
            throw new UsageException("--case is required");
        }

        var list = new List<string>();
        foreach (var dir in given)
        {
            if (!CaseStore.Exists(dir) && Directory.Exists(dir))
            {
                var inside = Directory.GetDirectories(dir).Where(CaseStore.Exists).Order(StringComparer.Ordinal).ToList();
                if (inside.Count > 0)
                {
                    list.AddRange(inside);
                    continue;
                }
            }

            list.Add(dir);
        }

        return list.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Each case's page is already in order; the merged page is ordered the same way (time then id; or score first).</summary>
    private static IEnumerable<(string Case, SearchHit Hit)> Merge(List<(string Case, SearchHit Hit)> hits, SearchSort sort) => sort switch
    {
        SearchSort.Oldest => hits.OrderBy(h => h.Hit.Event.Time.Utc).ThenBy(h => h.Hit.Event.Id, StringComparer.Ordinal).ThenBy(h => h.Case, StringComparer.Ordinal),
        SearchSort.Relevance => hits.OrderByDescending(h => h.Hit.Score).ThenByDescending(h => h.Hit.Event.Time.Utc).ThenBy(h => h.Hit.Event.Id, StringComparer.Ordinal).ThenBy(h => h.Case, StringComparer.Ordinal),
        _ => hits.OrderByDescending(h => h.Hit.Event.Time.Utc).ThenBy(h => h.Hit.Event.Id, StringComparer.Ordinal).ThenBy(h => h.Case, StringComparer.Ordinal),
    };

    private static void WriteJson(TextWriter stdout, long total, IReadOnlyList<(string Case, SearchHit Hit)> hits)
    {
        stdout.WriteLine(EventJson.Build(w =>
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
        }));
    }

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
