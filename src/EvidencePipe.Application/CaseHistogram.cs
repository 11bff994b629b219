using EvidencePipe.Index.Lucene;
using EvidencePipe.Search;

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
        ArgumentNullException.ThrowIfNull(indexDiagnostic);
        var days = new SortedDictionary<DateOnly, long>();
        foreach (var caseDir in cases)
        {
            using var store = CaseAccess.OpenAudited(caseDir, create: false, audit, d => indexDiagnostic(caseDir, d));
            var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
            var node = new QueryParser(settings.TimeZone, settings.Region).Parse(query);
            using var index = CaseIndex.Open(store, verifyCount: false, d => indexDiagnostic(caseDir, d), cancellationToken);
            foreach (var (hourMs, count) in HitHistogram.PerHour(index, node, cancellationToken))
            {
                var day = DateOnly.FromDateTime(settings.TimeZone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(hourMs)).DateTime);
                days[day] = days.GetValueOrDefault(day) + count;
            }
        }

        return days.Select(kv => (kv.Key, kv.Value)).ToList();
    }
}
