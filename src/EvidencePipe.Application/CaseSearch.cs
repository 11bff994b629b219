using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application;

/// <summary>
/// A search over one case or several (a folder holding cases counts as each of them): the query is
/// audited in every case searched, parsed in each case's zone and region, run on its index, and the
/// pages merged in the requested order.
/// </summary>
public static class CaseSearch
{
    /// <summary>The total hits over every case and the first <paramref name="limit"/> of the merged page, each with its case.</summary>
    /// <param name="indexDiagnostic">Told (case, message) what an index had to repair.</param>
    public static (long Total, IReadOnlyList<(string Case, SearchHit Hit)> Page) Run(
        IReadOnlyList<string> cases, string query, int limit, SearchSort sort, CommandAudit audit, Action<string, string> indexDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var sessions = cases.Select(c => new CaseSearchSession(c)).ToList();
        try
        {
            return Run(sessions, query, limit, sort, audit, indexDiagnostic, cancellationToken);
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    /// <summary>The same over cases held open between calls (the web page): each is audited and searched in turn.</summary>
    public static (long Total, IReadOnlyList<(string Case, SearchHit Hit)> Page) Run(
        IReadOnlyList<CaseSearchSession> sessions, string query, int limit, SearchSort sort, CommandAudit audit, Action<string, string> indexDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(indexDiagnostic);
        long total = 0;
        var hits = new List<(string Case, SearchHit Hit)>();
        foreach (var session in sessions)
        {
            var caseDir = session.CaseDirectory;
            var result = session.Search(query, limit, sort, audit, d => indexDiagnostic(caseDir, d), cancellationToken);
            total += result.Total;
            hits.AddRange(result.Hits.Select(h => (caseDir, h)));
        }

        return (total, Merge(hits, sort).Take(limit).ToList());
    }

    /// <summary>The cases named, in order; a folder that is not a case but holds cases stands for each of them (sorted).</summary>
    public static List<string> CaseDirectories(IReadOnlyList<string> given)
    {
        if (given.Count == 0)
        {
            throw new CaseOptionException("--case is required");
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
    internal static IEnumerable<(string Case, SearchHit Hit)> Merge(List<(string Case, SearchHit Hit)> hits, SearchSort sort) => sort switch
    {
        SearchSort.Oldest => hits.OrderBy(h => h.Hit.Event.Time.Utc).ThenBy(h => h.Hit.Event.Id, StringComparer.Ordinal).ThenBy(h => h.Case, StringComparer.Ordinal),
        SearchSort.Relevance => hits.OrderByDescending(h => h.Hit.Score).ThenByDescending(h => h.Hit.Event.Time.Utc).ThenBy(h => h.Hit.Event.Id, StringComparer.Ordinal).ThenBy(h => h.Case, StringComparer.Ordinal),
        _ => hits.OrderByDescending(h => h.Hit.Event.Time.Utc).ThenBy(h => h.Hit.Event.Id, StringComparer.Ordinal).ThenBy(h => h.Case, StringComparer.Ordinal),
    };
}
