using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>The location and installed-app records of a case (issue 17, item 2), read by kind; the event rows are the ordinary ones.</summary>
public static class TrackingQueries
{
    /// <summary>Every event of <paramref name="kind"/>, in export order (time, then id). Streams.</summary>
    public static IEnumerable<CommunicationEvent> ReadKind(CaseStore store, EventKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {EventRows.Columns} FROM events e WHERE e.kind = $kind ORDER BY e.time_ms, e.id";
        cmd.Parameters.AddWithValue("$kind", ModelNames.Of(kind));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return EventRows.Read(r);
        }
    }
}
