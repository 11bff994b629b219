using EvidencePipe.Model;
using EvidencePipe.Store.Sqlite;
using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// The lab store's <see cref="ICaseReader"/> for one case: the same rows, in the same order, as the SQLite case
/// (ids and paths are <c>COLLATE "C"</c>, so "then id" is ordinal here as there).
/// </summary>
public sealed class PostgresCaseReader(StoreConnection store, LabCase labCase) : ICaseReader
{
    private const string Columns = """
        id, kind, channel, direction, time_ms, time_offset_min, time_basis, time_zone, time_anomaly, from_id, to_json, names_json,
        text, subject, duration_s, call_status, attachments_json, geo_lat, geo_lon, thread, source_sha256, source_path, source_format,
        locator, message_id
        """;

    /// <summary>The case read.</summary>
    public LabCase Case => labCase;

    public string? GetMeta(string key) => labCase.GetMeta(key);

    public IEnumerable<CommunicationEvent> ReadAllOrdered(CancellationToken cancellationToken)
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM events WHERE case_id = @c ORDER BY time_ms, id", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return EventRows.Read(r);
        }
    }

    /// <summary>The events of these rows (<c>seq</c>: a lab index document's row id), in the order given; a row not found is left out.</summary>
    public IReadOnlyList<(long Seq, CommunicationEvent Event)> ReadBySeqs(IReadOnlyList<long> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        if (seqs.Count == 0)
        {
            return [];
        }

        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {Columns}, seq FROM events WHERE case_id = @c AND seq = ANY(@s)", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("s", seqs.ToArray());
        using var r = cmd.ExecuteReader();
        var found = new Dictionary<long, CommunicationEvent>();
        while (r.Read())
        {
            found[r.GetInt64(EventRows.ColumnCount)] = EventRows.Read(r);
        }

        return seqs.Where(found.ContainsKey).Select(s => (s, found[s])).ToList();
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> AttachmentLinks()
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT DISTINCT a.event_id, b.event_id FROM attachment_hashes a
            JOIN attachment_hashes b ON a.case_id = b.case_id AND a.sha256 = b.sha256 AND a.event_id <> b.event_id
            WHERE a.case_id = @c
            ORDER BY 1, 2
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (r.Read())
        {
            var from = r.GetString(0);
            if (!map.TryGetValue(from, out var list))
            {
                map[from] = list = [];
            }

            list.Add(r.GetString(1));
        }

        return map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
    }

    public IEnumerable<PartyRow> ReadParties(CancellationToken cancellationToken)
    {
        // As EventQueries.ReadForAnalysis: undated events have no place on a time line; an incoming event's party is its sender.
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT from_id, direction, CASE WHEN direction = 'incoming' THEN NULL ELSE to_json END, time_ms
            FROM events WHERE case_id = @c AND time_basis <> 'undated' ORDER BY time_ms, id
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new PartyRow(
                r.GetValue(0) as string,
                ModelNames.ParseDirection(r.GetString(1)),
                r.GetValue(2) is string to ? StoredJson.ReadIdentifiers(to) : [],
                r.GetInt64(3));
        }
    }

    public IReadOnlyList<ManifestSource> ReadSources()
    {
        // "C" collation: ordinal, as the SQLite case's BINARY ORDER BY path, sha256.
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT sha256, path, abs_path, size, format, status, records_read, records_recovered, records_skipped, diagnostics, container_entry
            FROM sources WHERE case_id = @c ORDER BY path COLLATE "C", sha256 COLLATE "C"
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        var list = new List<ManifestSource>();
        while (r.Read())
        {
            list.Add(new ManifestSource(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9))
            {
                ContainerEntry = r.IsDBNull(10) ? null : r.GetString(10),
            });
        }

        return list;
    }

    public IEnumerable<ManifestDiagnosticRow> ReadDiagnostics(CancellationToken cancellationToken)
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT path, sha256, locator, severity, reason FROM diagnostics
            WHERE case_id = @c ORDER BY path COLLATE "C", sha256 COLLATE "C", seq
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ManifestDiagnosticRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4));
        }
    }

    public IEnumerable<AnalysisRow> ReadForAnalysis(CancellationToken cancellationToken)
    {
        // As EventQueries.ReadForAnalysis, column for column.
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT id, time_ms, direction, channel, from_id, CASE WHEN direction = 'incoming' THEN NULL ELSE to_json END,
                   COALESCE(text, subject), call_status, duration_s
            FROM events WHERE case_id = @c AND time_basis <> 'undated' ORDER BY time_ms, id
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        foreach (var row in EventRows.ReadAnalysis(r, cancellationToken))
        {
            yield return row;
        }
    }

    public IEnumerable<SenderRow> ReadSenders(CancellationToken cancellationToken)
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT from_id, direction, thread, channel FROM events WHERE case_id = @c AND from_id IS NOT NULL", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SenderRow(r.GetString(0), r.GetString(1), r.GetValue(2) as string, r.GetString(3));
        }
    }

    public IEnumerable<CommunicationEvent> ReadKind(EventKind kind, CancellationToken cancellationToken)
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM events WHERE case_id = @c AND kind = @k ORDER BY time_ms, id", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("k", ModelNames.Of(kind));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return EventRows.Read(r);
        }
    }

    public IReadOnlyList<NameRow> ReadNames()
    {
        // The columns are COLLATE "C": ordinal, as the SQLite case's BINARY order.
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT DISTINCT identifier, name, basis FROM identifier_names WHERE case_id = @c ORDER BY identifier, name, basis", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        var list = new List<NameRow>();
        while (r.Read())
        {
            list.Add(new NameRow(r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return list;
    }

    public IReadOnlyList<CardRow> ReadCards()
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT name, identifiers_json, source_path || ' @ ' || locator FROM contact_cards WHERE case_id = @c ORDER BY source_path, locator", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        var list = new List<CardRow>();
        while (r.Read())
        {
            list.Add(new CardRow(r.IsDBNull(0) ? null : r.GetString(0), StoredJson.ReadIdentifiers(r.GetString(1)), r.GetString(2)));
        }

        return list;
    }

    public IReadOnlyList<CommunicationEvent> EventsByIds(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Distinct(StringComparer.Ordinal).ToArray();
        if (wanted.Length == 0)
        {
            return [];
        }

        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM events WHERE case_id = @c AND id = ANY(@i) ORDER BY time_ms, id", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("i", wanted);
        using var r = cmd.ExecuteReader();
        var list = new List<CommunicationEvent>();
        while (r.Read())
        {
            list.Add(EventRows.Read(r));
        }

        return list;
    }

    public IReadOnlyList<StoredOrder> ActiveOrders() => LabOrders.Active(store, labCase);

    /// <summary>None: a lab keeps no places (<c>places add</c> takes no <c>--store</c>); a lab run gives them with <c>--place</c>.</summary>
    public IReadOnlyList<StoredPlace> ActivePlaces() => [];

    public long HighWaterMark()
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM events WHERE case_id = @c", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        return (long)cmd.ExecuteScalar()!;
    }

    public IEnumerable<CommunicationEvent> ReadAdded(long afterRow, long upToRow, CancellationToken cancellationToken)
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM events WHERE case_id = @c AND seq > @a AND seq <= @b ORDER BY seq", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("a", afterRow);
        cmd.Parameters.AddWithValue("b", upToRow);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return EventRows.Read(r);
        }
    }

    public StoredSnapshot? LatestSnapshot()
    {
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("SELECT id, time_utc, command, event_high_water, contacts_json FROM snapshots WHERE case_id = @c ORDER BY id DESC LIMIT 1", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StoredSnapshot(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4)) : null;
    }

    /// <summary>Every lab role may keep a snapshot (a record of what a run saw, like the audit log; it changes no evidence).</summary>
    public bool KeepsSnapshots => true;

    public void SaveSnapshot(string command, long eventHighWater, string contactsJson, DateTimeOffset now)
    {
        using var connection = LabCase.Connect(store);
        using var tx = connection.BeginTransaction();
        LabCase.LockCaseCounter(connection, labCase.Id, LabCase.SnapshotCounter);
        using var cmd = new NpgsqlCommand("""
            INSERT INTO snapshots(case_id, id, time_utc, command, event_high_water, contacts_json)
            SELECT @c, coalesce(max(id), 0) + 1, @t, @cmd, @h, @j FROM snapshots WHERE case_id = @c
            """, connection, tx);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("t", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("cmd", command);
        cmd.Parameters.AddWithValue("h", eventHighWater);
        cmd.Parameters.AddWithValue("j", contactsJson);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    public string CaseName => labCase.Name;
}
