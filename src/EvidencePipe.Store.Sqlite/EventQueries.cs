using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>Reads events out of a case.</summary>
public static class EventQueries
{
    /// <summary>Every event in the export order: time, then id (DESIGN.md "Contract", export). Streams.</summary>
    public static IEnumerable<CommunicationEvent> ReadAllOrdered(CaseStore store, CancellationToken cancellationToken)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {EventRows.Columns} FROM events e ORDER BY e.time_ms, e.id";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return EventRows.Read(r);
        }
    }
}
