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
}
