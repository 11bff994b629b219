using System.Globalization;
using EvidencePipe.Export;
using EvidencePipe.Model;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>search --case DIR QUERY</c>: full-text and field search; the query is audited.</summary>
internal static class SearchCommand
{
    public static int Run(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
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
        cl.Required("case");
        cl.RejectUnknown();
        var query = string.Join(' ', cl.Positionals);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new UsageException("search needs a query");
        }

        using var store = Tool.OpenAudited(cl, create: false);
        var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
        var node = new QueryParser(settings.TimeZone, settings.Region).Parse(query);
        var result = new SqliteEventSearch(store).Search(new SearchRequest(node, limit, sort), cancellationToken);
        if (json)
        {
            WriteJson(stdout, result);
        }
        else
        {
            WriteHuman(stdout, result);
        }

        return ExitCodes.Ok;
    }

    private static void WriteJson(TextWriter stdout, SearchResult result)
    {
        stdout.WriteLine(EventJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", result.Total);
            w.WriteStartArray("hits");
            foreach (var hit in result.Hits)
            {
                var e = hit.Event;
                w.WriteStartObject();
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

    private static void WriteHuman(TextWriter stdout, SearchResult result)
    {
        var ci = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(ci, $"{result.Total:N0} matching events (showing {result.Hits.Count})"));
        foreach (var hit in result.Hits)
        {
            var e = hit.Event;
            var local = e.Time.Local.ToString("yyyy-MM-dd HH:mm:ss zzz", ci);
            var who = $"{Name(e, e.From) ?? "(system)"} → {string.Join(", ", e.To.Select(t => Name(e, t)))}";
            stdout.WriteLine($"{local}  {e.Channel,-8} {ModelNames.Of(e.Direction),-8} {who}");
            if (hit.Snippet is not null)
            {
                stdout.WriteLine("    " + hit.Snippet.ReplaceLineEndings(" ⏎ "));
            }

            stdout.WriteLine($"    [{e.Source.Path} @ {e.Source.Locator}]  id {e.Id}");
        }
    }

    private static string? Name(CommunicationEvent e, string? id) =>
        id is null ? null : e.Names.TryGetValue(id, out var n) ? $"{n} <{id}>" : id;
}
