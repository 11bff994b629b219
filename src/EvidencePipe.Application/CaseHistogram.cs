using EvidencePipe.Index.Lucene;

namespace EvidencePipe.Application;

/// <summary>
/// A search's hits per day of each case's time zone, over every hit (<see cref="HitHistogram"/>): the web
/// page's time histogram. Audited like a search, in every case counted.
/// </summary>
public static class CaseHistogram
{
    /// <summary>Day (in the case zone) → hits, in day order, summed over the cases.</summary>
    public static IReadOnlyList<(DateOnly Day, long Count)> Run(
        IReadOnlyList<string> cases, string query, CommandAudit audit, Action<string, string> indexDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var sessions = cases.Select(c => new CaseSearchSession(c)).ToList();
        try
        {
            return Run(sessions, query, audit, indexDiagnostic, cancellationToken);
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    /// <summary>The same over cases held open between calls (the web page).</summary>
    public static IReadOnlyList<(DateOnly Day, long Count)> Run(
        IReadOnlyList<CaseSearchSession> sessions, string query, CommandAudit audit, Action<string, string> indexDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(indexDiagnostic);
        var days = new SortedDictionary<DateOnly, long>();
        foreach (var session in sessions)
        {
            var caseDir = session.CaseDirectory;
            foreach (var (day, count) in session.HitsPerDay(query, audit, d => indexDiagnostic(caseDir, d), cancellationToken))
            {
                days[day] = days.GetValueOrDefault(day) + count;
            }
        }

        return days.Select(kv => (kv.Key, kv.Value)).ToList();
    }
}
