using System.Globalization;
using System.Text;
using EvidencePipe.Search;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// Compiles a <see cref="QueryNode"/> to SQL over the events table and the FTS5 index
/// (https://sqlite.org/fts5.html §3, full-text query syntax). Sub-trees made only of text and party
/// terms become one FTS5 MATCH expression; channel and time filters, and NOT, are plain SQL.
/// </summary>
public sealed class SqliteEventSearch : IEventSearch
{
    private const string TextColumns = "{text subject names}";
    private readonly CaseStore _store;

    public SqliteEventSearch(CaseStore store) => _store = store;

    public SearchResult Search(SearchRequest request, CancellationToken cancellationToken)
    {
        var total = Count(request.Query);
        var probe = request.Sort != SearchSort.Relevance && ProbeIsCheaper(total, request.Limit);
        var compiled = new Compiler(probe);
        var (rankMatch, where) = compiled.CompileTop(request.Query, request.Sort == SearchSort.Relevance);
        var from = rankMatch is null
            ? "events e"
            : "events e JOIN (SELECT rowid AS r, bm25(events_fts) AS score FROM events_fts WHERE events_fts MATCH $rank) f ON f.r = e.rowid";
        var order = request.Sort switch
        {
            SearchSort.Oldest => "e.time_ms, e.id",
            SearchSort.Relevance when rankMatch is not null => "f.score, e.time_ms DESC, e.id",
            _ => "e.time_ms DESC, e.id",
        };

        var hits = new List<SearchHit>();
        using var cmd = _store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {EventRows.Columns} FROM {from} WHERE {where} ORDER BY {order} LIMIT $limit";
        compiled.Bind(cmd, rankMatch);
        cmd.Parameters.AddWithValue("$limit", Math.Max(0, request.Limit));
        var terms = Snippets.PositiveTerms(request.Query);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var e = EventRows.Read(r);
            hits.Add(new SearchHit(e, Snippets.Make(e.Text ?? e.Subject, terms)));
        }

        return new SearchResult(total, hits);
    }

    /// <summary>
    /// How many events match. A query made only of text and party terms is counted in the FTS5 index
    /// alone: every event has exactly one index row (the writer replaces, never duplicates, them), so
    /// joining each match to its event row, ~1 µs apiece, is not needed for the number.
    /// </summary>
    private long Count(QueryNode query)
    {
        var compiled = new Compiler(probe: false);
        using var count = _store.Connection.CreateCommand();
        if (Compiler.IsFts(query))
        {
            count.CommandText = "SELECT count(*) FROM events_fts WHERE events_fts MATCH $rank";
            compiled.Bind(count, Compiler.Fts(query));
        }
        else
        {
            count.CommandText = $"SELECT count(*) FROM events e WHERE {compiled.CompileTop(query, rank: false).Where}";
            compiled.Bind(count, null);
        }

        return (long)count.ExecuteScalar()!;
    }

    /// <summary>
    /// Two plans give a time-ordered page. Collecting every match and sorting costs about one event
    /// lookup per match; walking the time index and probing the FTS5 index for each event (MATCH with
    /// <c>rowid =</c>, which FTS5 answers by seeking its doclists) costs about <see cref="ProbeCostRatio"/>
    /// lookups per probe, and needs about limit ÷ (share of events matching) probes. Probing wins for
    /// common terms ("you" in 40% of a case), collecting for rare ones (measured on a 1M-event case).
    /// </summary>
    private bool ProbeIsCheaper(long total, int limit)
    {
        if (total == 0 || limit <= 0)
        {
            return false;
        }

        using var max = _store.Connection.CreateCommand();
        max.CommandText = "SELECT coalesce(max(rowid), 0) FROM events";
        var events = (long)max.ExecuteScalar()!;
        var probes = (double)limit * events / total;
        return probes * ProbeCostRatio < total;
    }

    private const double ProbeCostRatio = 120;

    private sealed class Compiler
    {
        private readonly List<object> _parameters = [];
        private readonly bool _probe;

        /// <param name="probe">FTS sub-queries as a per-event probe (EXISTS … rowid = e.rowid) rather than a set of rowids.</param>
        public Compiler(bool probe) => _probe = probe;

        /// <summary>The WHERE clause, and for relevance ranking the FTS expression to join on.</summary>
        public (string? RankMatch, string Where) CompileTop(QueryNode node, bool rank)
        {
            if (rank)
            {
                if (IsFts(node))
                {
                    return (Fts(node), "1");
                }

                if (node is AndNode and && and.Children.Any(IsFts))
                {
                    var rankExpr = string.Join(" AND ", and.Children.Where(IsFts).Select(Fts));
                    var rest = and.Children.Where(c => !IsFts(c)).Select(Sql).ToList();
                    return (rankExpr, rest.Count == 0 ? "1" : string.Join(" AND ", rest));
                }
            }

            return (null, Sql(node));
        }

        public void Bind(SqliteCommand cmd, string? rankMatch)
        {
            for (var i = 0; i < _parameters.Count; i++)
            {
                cmd.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), _parameters[i]);
            }

            if (rankMatch is not null)
            {
                cmd.Parameters.AddWithValue("$rank", rankMatch);
            }
        }

        private string Parameter(object value)
        {
            _parameters.Add(value);
            return "$p" + (_parameters.Count - 1).ToString(CultureInfo.InvariantCulture);
        }

        public static bool IsFts(QueryNode node) => node switch
        {
            TextNode or PartyNode => true,
            AndNode a => a.Children.All(IsFts),
            OrNode o => o.Children.All(IsFts),
            _ => false,
        };

        private string Sql(QueryNode node)
        {
            if (IsFts(node))
            {
                return _probe
                    ? $"EXISTS (SELECT 1 FROM events_fts WHERE events_fts MATCH {Parameter(Fts(node))} AND events_fts.rowid = e.rowid)"
                    : $"e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH {Parameter(Fts(node))})";
            }

            switch (node)
            {
                case AndNode and:
                    var parts = new List<string>();
                    var fts = and.Children.Where(IsFts).ToList();
                    if (fts.Count > 0)
                    {
                        parts.Add(Sql(fts.Count == 1 ? fts[0] : new AndNode(fts)));
                    }

                    parts.AddRange(and.Children.Where(c => !IsFts(c)).Select(Sql));
                    return "(" + string.Join(" AND ", parts) + ")";
                case OrNode or:
                    return "(" + string.Join(" OR ", or.Children.Select(Sql)) + ")";
                case NotNode not:
                    return $"NOT ({Sql(not.Child)})";
                case ChannelNode channel:
                    return $"e.channel = {Parameter(channel.Channel)}";
                case TimeNode time:
                    return $"e.time_ms {(time.IsBefore ? "<" : ">=")} {Parameter(time.Instant.ToUnixTimeMilliseconds())}";
                default:
                    throw new NotSupportedException(node.GetType().Name);
            }
        }

        public static string Fts(QueryNode node) => node switch
        {
            TextNode t => $"{TextColumns} : {Quote(t.Value)}{(t.IsPrefix ? " *" : string.Empty)}",
            PartyNode p => $"{{{(p.Role == PartyRole.From ? "from_f" : "to_f")}}} : {Quote(p.Value)}{(p.IsPrefix ? " *" : string.Empty)}",
            AndNode a => "(" + string.Join(" AND ", a.Children.Select(Fts)) + ")",
            OrNode o => "(" + string.Join(" OR ", o.Children.Select(Fts)) + ")",
            _ => throw new NotSupportedException(node.GetType().Name),
        };

        /// <summary>An FTS5 string: the tokenizer splits it into a phrase; double quotes are doubled (§3.1).</summary>
        private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

/// <summary>Short excerpts around the first matched term, marked with [ ].</summary>
internal static class Snippets
{
    private const int Context = 60;

    public static IReadOnlyList<(string Term, bool Prefix)> PositiveTerms(QueryNode node)
    {
        var list = new List<(string, bool)>();
        Collect(node, list, negated: false);
        return list;
    }

    public static string? Make(string? text, IReadOnlyList<(string Term, bool Prefix)> terms)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var best = -1;
        var length = 0;
        foreach (var (term, prefix) in terms)
        {
            // A phrase may be split by punctuation in the text ("outside, your house"): fall back to its first word.
            var found = term;
            var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
            if (at < 0 && term.Contains(' ', StringComparison.Ordinal))
            {
                found = term[..term.IndexOf(' ', StringComparison.Ordinal)];
                at = text.IndexOf(found, StringComparison.OrdinalIgnoreCase);
            }

            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
                length = found.Length;
                if (prefix)
                {
                    while (best + length < text.Length && char.IsLetterOrDigit(text[best + length]))
                    {
                        length++;
                    }
                }
            }
        }

        if (best < 0)
        {
            return text.Length <= 2 * Context ? text : text[..(2 * Context)] + "…";
        }

        var start = Math.Max(0, best - Context);
        var end = Math.Min(text.Length, best + length + Context);
        var sb = new StringBuilder();
        if (start > 0)
        {
            sb.Append('…');
        }

        sb.Append(text, start, best - start).Append('[').Append(text, best, length).Append(']');
        sb.Append(text, best + length, end - best - length);
        if (end < text.Length)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    private static void Collect(QueryNode node, List<(string, bool)> list, bool negated)
    {
        switch (node)
        {
            case TextNode t when !negated:
                list.Add((t.Value, t.IsPrefix));
                break;
            case AndNode a:
                a.Children.ToList().ForEach(c => Collect(c, list, negated));
                break;
            case OrNode o:
                o.Children.ToList().ForEach(c => Collect(c, list, negated));
                break;
            case NotNode n:
                Collect(n.Child, list, !negated);
                break;
        }
    }
}
