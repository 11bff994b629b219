using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>One event with where it came from: the web page's event detail (provenance: the source file, its diagnostics).</summary>
public static class EventDetailQueries
{
    /// <summary>The event with this id, or null (ids are unique in a case: the events table's UNIQUE(id)).</summary>
    public static CommunicationEvent? ById(CaseStore store, string id)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {EventRows.Columns} FROM events e WHERE e.id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? EventRows.Read(r) : null;
    }

    /// <summary>The exhibit row of the file an event came from (matched on its SHA-256 and relative path), or null.</summary>
    public static SourceDetail? Source(CaseStore store, string sha256, string path)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, abs_path, container_entry, size, format, status, records_read, records_recovered, records_skipped, first_seen_utc
            FROM sources WHERE sha256 = $sha AND path = $path
            """;
        cmd.Parameters.AddWithValue("$sha", sha256);
        cmd.Parameters.AddWithValue("$path", path);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return new SourceDetail(r.GetInt64(0), r.GetString(1), r.GetValue(2) as string, r.GetInt64(3), r.GetValue(4) as string, r.GetString(5),
            r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetString(9));
    }

    /// <summary>The diagnostics recorded for a source, in the order they were recorded (at most <paramref name="limit"/>).</summary>
    public static IReadOnlyList<DiagnosticRow> Diagnostics(CaseStore store, long sourceId, int limit)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT locator, severity, reason FROM diagnostics WHERE source_id = $s ORDER BY id LIMIT $n";
        cmd.Parameters.AddWithValue("$s", sourceId);
        cmd.Parameters.AddWithValue("$n", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<DiagnosticRow>();
        while (r.Read())
        {
            list.Add(new DiagnosticRow(r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return list;
    }
}

/// <summary>An exhibit as the case recorded it.</summary>
public sealed record SourceDetail(
    long Id, string AbsolutePath, string? ContainerEntry, long Size, string? Format, string Status,
    long RecordsRead, long RecordsRecovered, long RecordsSkipped, string FirstSeenUtc);

/// <summary>A diagnostic recorded against a source.</summary>
public sealed record DiagnosticRow(string Locator, string Severity, string Reason);
