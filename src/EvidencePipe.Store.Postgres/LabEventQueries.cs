using EvidencePipe.Model;
using EvidencePipe.Store.Sqlite;
using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// One event of a lab case with where it came from, and its photo exhibits by SHA-256: the web page's event detail
/// and media over the lab store (issue 21), the counterparts of the SQLite case's <c>EventDetailQueries</c> and
/// <c>ExhibitQueries</c>. Read-only: the investigator role may run every statement here.
/// </summary>
public static class LabEventQueries
{
    /// <summary>The event with this id in the case, or null (the events table's key is (case, id)).</summary>
    public static CommunicationEvent? ById(StoreConnection store, LabCase labCase, string id)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"SELECT {EventRows.Columns} FROM events e WHERE e.case_id = @c AND e.id = @id", connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? EventRows.Read(r) : null;
    }

    /// <summary>
    /// The exhibit row of the file an event came from (its SHA-256 and relative path: the sources key), or null.
    /// The lab keys sources by (case, SHA-256, path), so diagnostics are found by the same pair (<see cref="Diagnostics"/>).
    /// </summary>
    public static LabSource? Source(StoreConnection store, LabCase labCase, string sha256, string path)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT abs_path, container_entry, size, format, status, records_read, records_recovered, records_skipped, first_seen_utc
            FROM sources WHERE case_id = @c AND sha256 = @sha AND path = @path
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("sha", sha256);
        cmd.Parameters.AddWithValue("path", path);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return new LabSource(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.GetString(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetString(8));
    }

    /// <summary>The diagnostics recorded for a source, in the order the reader reported them (<c>seq</c>), at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<(string Locator, string Severity, string Reason)> Diagnostics(StoreConnection store, LabCase labCase, string sha256, string path, int limit)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT locator, severity, reason FROM diagnostics
            WHERE case_id = @c AND sha256 = @sha AND path = @path ORDER BY seq LIMIT @n
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("sha", sha256);
        cmd.Parameters.AddWithValue("path", path);
        cmd.Parameters.AddWithValue("n", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string, string)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return list;
    }

    /// <summary>
    /// The photo and video exhibits (format <c>image-…</c> or <c>video-…</c>) whose SHA-256 is among
    /// <paramref name="sha256s"/>, keyed by SHA-256. Of several copies, the first recorded (then the first path,
    /// ordinal): the lab has no insertion id, and several workers record copies at once.
    /// </summary>
    public static IReadOnlyDictionary<string, LabExhibitFile> Media(StoreConnection store, LabCase labCase, IEnumerable<string> sha256s)
    {
        ArgumentNullException.ThrowIfNull(labCase);
        ArgumentNullException.ThrowIfNull(sha256s);
        var wanted = sha256s.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var found = new Dictionary<string, LabExhibitFile>(StringComparer.Ordinal);
        if (wanted.Length == 0)
        {
            return found;
        }

        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand("""
            SELECT DISTINCT ON (sha256) sha256, path, abs_path, container_entry, size, format FROM sources
            WHERE case_id = @c AND sha256 = ANY(@s) AND (format LIKE 'image-%' OR format LIKE 'video-%')
            ORDER BY sha256, first_seen_utc, path COLLATE "C"
            """, connection);
        cmd.Parameters.AddWithValue("c", labCase.Id);
        cmd.Parameters.AddWithValue("s", wanted);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            found[r.GetString(0)] = new LabExhibitFile(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5));
        }

        return found;
    }

    /// <summary>
    /// The write privileges the connected login holds on the lab's tables that the investigator role does not
    /// (PostgreSQL's privilege functions, which count roles granted to the login, table- and column-level): empty for
    /// a login that is an investigator and nothing more. <c>serve --store</c> refuses to start otherwise, so the page
    /// cannot write to the lab beyond its audit rows whatever it is asked. A superuser holds everything: refused.
    /// </summary>
    public static IReadOnlyList<string> PrivilegesBeyondInvestigator(StoreConnection store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = LabCase.Connect(store);
        using var cmd = new NpgsqlCommand($"""
            SELECT t.tablename || ': ' || p.privilege
            FROM pg_tables t CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(privilege)
            WHERE t.schemaname = current_schema()
              AND CASE WHEN p.privilege IN ('INSERT', 'UPDATE')
                       THEN has_any_column_privilege(current_user, t.tablename, p.privilege)
                            AND NOT has_any_column_privilege('{LabSchema.InvestigatorRole}', t.tablename, p.privilege)
                       ELSE has_table_privilege(current_user, t.tablename, p.privilege)
                            AND NOT has_table_privilege('{LabSchema.InvestigatorRole}', t.tablename, p.privilege) END
            ORDER BY 1
            """, connection);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}

/// <summary>A lab exhibit as recorded (the SQLite case's source detail, without its row id).</summary>
public sealed record LabSource(
    string AbsolutePath, string? ContainerEntry, long Size, string? Format, string Status,
    long RecordsRead, long RecordsRecovered, long RecordsSkipped, string FirstSeenUtc);

/// <summary>A lab photo or video exhibit: SHA-256, path relative to the ingest root, where it was read, size and format.</summary>
public sealed record LabExhibitFile(string Sha256, string Path, string AbsolutePath, string? ContainerEntry, long Size, string? Format);
