using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>Reads events out of a case.</summary>
public static class EventQueries
{
    /// <summary>
    /// Events that share an attachment hash with another event (a photo ingested on its own and the
    /// same photo sent in a message): event id → the other events' ids, sorted.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AttachmentLinks(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = """
            SELECT a.event_id, b.event_id FROM attachment_hashes a
            JOIN attachment_hashes b ON a.sha256 = b.sha256 AND a.event_id <> b.event_id
            ORDER BY a.event_id, b.event_id
            """;
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (r.Read())
        {
            var from = r.GetString(0);
            if (!map.TryGetValue(from, out var list))
            {
                map[from] = list = [];
            }

            var to = r.GetString(1);
            if (list.Count == 0 || list[^1] != to)
            {
                list.Add(to);
            }
        }

        return map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Sender, direction, thread and channel of every event with a sender (any order). Streams.</summary>
    public static IEnumerable<(string From, string Direction, string? Thread, string Channel)> ReadSenders(CaseStore store, CancellationToken cancellationToken)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT from_id, direction, thread, channel FROM events WHERE from_id IS NOT NULL";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return (r.GetString(0), r.GetString(1), r.GetValue(2) as string, r.GetString(3));
        }
    }

    /// <summary>
    /// The columns the contact analysis reads, for every event in time order (time, then id), without
    /// materialising whole events: id, time, direction, channel, sender, recipients (only where the
    /// event is not incoming: an incoming event's party is its sender), text (or subject), call status
    /// and duration. Streams.
    /// </summary>
    public static IEnumerable<AnalysisRow> ReadForAnalysis(CaseStore store, CancellationToken cancellationToken)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = """
            SELECT e.id, e.time_ms, e.direction, e.channel, e.from_id,
                   CASE WHEN e.direction = 'incoming' THEN NULL ELSE e.to_json END,
                   COALESCE(e.text, e.subject), e.call_status, e.duration_s
            FROM events e
            WHERE e.time_basis <> 'undated'
            ORDER BY e.time_ms, e.id
            """;
        // Every indicator is about when contact happened; an undated event's placeholder instant is not a
        // time, so it has no place on that time line. It stays exported and searchable.
        using var r = cmd.ExecuteReader();
        foreach (var row in EventRows.ReadAnalysis(r, cancellationToken))
        {
            yield return row;
        }
    }


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

    /// <summary>The largest event row id (0 for an empty case): row ids only grow, so it marks how far the store has got.</summary>
    public static long HighWaterMark(CaseStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(rowid), 0) FROM events";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>How many events have a row id at most <paramref name="rowId"/>.</summary>
    public static long CountUpTo(CaseStore store, long rowId)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM events WHERE rowid <= $r";
        cmd.Parameters.AddWithValue("$r", rowId);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Events with a row id above <paramref name="afterRowId"/> and at most <paramref name="upToRowId"/>, in row id order. Streams.</summary>
    public static IEnumerable<StoredEvent> ReadStored(CaseStore store, long afterRowId, long upToRowId, CancellationToken cancellationToken)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {EventRows.Columns}, e.rowid FROM events e WHERE e.rowid > $a AND e.rowid <= $b ORDER BY e.rowid";
        cmd.Parameters.AddWithValue("$a", afterRowId);
        cmd.Parameters.AddWithValue("$b", upToRowId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredEvent(r.GetInt64(EventRows.ColumnCount), EventRows.Read(r));
        }
    }

    /// <summary>The events with these row ids, in the order asked for (ids not in the store are left out).</summary>
    public static IReadOnlyList<StoredEvent> ReadByRowIds(CaseStore store, IReadOnlyList<long> rowIds)
    {
        if (rowIds.Count == 0)
        {
            return [];
        }

        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"SELECT {EventRows.Columns}, e.rowid FROM events e WHERE e.rowid IN (SELECT value FROM json_each($ids))";
        cmd.Parameters.AddWithValue("$ids", "[" + string.Join(',', rowIds.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
        var found = new Dictionary<long, StoredEvent>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var rowid = r.GetInt64(EventRows.ColumnCount);
                found[rowid] = new StoredEvent(rowid, EventRows.Read(r));
            }
        }

        return rowIds.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }
}
