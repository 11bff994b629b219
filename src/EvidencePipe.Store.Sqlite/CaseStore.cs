using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using EvidencePipe.Export;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// A case directory holding one SQLite database (<c>case.db</c>): sources, events, identifiers and
/// the audit log (the full-text index is derived from it and kept beside it). WAL journalling keeps readers and the single writer apart.
/// </summary>
public sealed class CaseStore : IDisposable
{
    public const string DatabaseFileName = "case.db";

    /// <summary>Set (to anything but 0) to treat every case as write-protected, as on write-blocked media.</summary>
    public const string ReadOnlyVariable = "EVIDENCEPIPE_READ_ONLY";

    private CaseStore(string directory, SqliteConnection connection, string? readOnlyReason = null)
    {
        Directory = directory;
        Connection = connection;
        ReadOnlyReason = readOnlyReason;
    }

    public string Directory { get; }

    /// <summary>Why the case was opened read-only (write-protected file, directory or medium), or null when it is writable.</summary>
    public string? ReadOnlyReason { get; }

    public bool IsReadOnly => ReadOnlyReason is not null;

    internal SqliteConnection Connection { get; }

    public static bool Exists(string caseDirectory) => File.Exists(Path.Combine(caseDirectory, DatabaseFileName));

    /// <summary>Opens a case, creating the directory and schema when <paramref name="create"/> is set.</summary>
    public static CaseStore Open(string caseDirectory, bool create)
    {
        var full = Path.GetFullPath(caseDirectory);
        if (!create && !Exists(full))
        {
            throw new CaseNotFoundException(full);
        }

        System.IO.Directory.CreateDirectory(full);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(full, DatabaseFileName),
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Prepare(connection);
        }
        catch
        {
            // A case that cannot be set up (damaged, read-only, full) must not leave its handle open.
            connection.Dispose();
            throw;
        }

        return new CaseStore(full, connection);
    }

    private static void Prepare(SqliteConnection connection)
    {
        // wal_autocheckpoint (https://sqlite.org/pragma.html#pragma_wal_autocheckpoint): a checkpoint every
        // 32 MiB of WAL rather than 4 MiB, so bulk ingest copies hot index pages back to the file less often.
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA temp_store=MEMORY;
            PRAGMA cache_size=-65536;
            PRAGMA busy_timeout=10000;
            PRAGMA wal_autocheckpoint=8192;
            """);
        if (MaxPages() is { } pages)
        {
            Execute(connection, $"PRAGMA max_page_count={pages.ToString(CultureInfo.InvariantCulture)}");
        }

        using (var tx = connection.BeginTransaction())
        {
            Execute(connection, CaseSchema.Sql, tx);
            Upgrade(connection, tx);
            EnsureIdIndex(connection, tx);
            PhoneRenormalization.Run(connection, tx);
            Execute(connection, $"INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '{CaseSchema.Version}')", tx);
            tx.Commit();
        }
    }

    /// <summary>
    /// Opens a case for a command that does not change evidence (search, contacts, export, verify, manifest,
    /// report). A writable case opens as <see cref="Open"/> does; a case that cannot be written — its file,
    /// directory or medium is read-only, or <see cref="ReadOnlyVariable"/> is set — opens read-only with no
    /// schema upgrade and no audit row (<see cref="IsReadOnly"/>; the caller records its audit entry elsewhere).
    /// </summary>
    public static CaseStore OpenForReading(string caseDirectory)
    {
        var full = Path.GetFullPath(caseDirectory);
        if (!Exists(full))
        {
            throw new CaseNotFoundException(full);
        }

        if (ForcedReadOnly())
        {
            return OpenReadOnly(full, $"{ReadOnlyVariable} is set");
        }

        if (WriteProtection(full) is { } reason)
        {
            return OpenReadOnly(full, reason);
        }

        try
        {
            return Open(full, create: false);
        }
        catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xff) is 8 or 3 or 14 or 23)
        {
            // SQLITE_READONLY, PERM, CANTOPEN, AUTH: the -wal/-shm or the schema check needed a write the medium refused.
            return OpenReadOnly(full, $"the case could not be opened for writing ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>
    /// Read-only and unchanged: a URI with <c>mode=ro</c>, and <c>immutable=1</c> when no write-ahead log is
    /// left beside the database (a cleanly closed case), so SQLite creates no -wal/-shm file and takes no lock
    /// (sqlite.org "URI Filenames"). A case left with a -wal (an interrupted ingest) is opened <c>mode=ro</c> so
    /// the log's committed transactions are read.
    /// </summary>
    private static CaseStore OpenReadOnly(string full, string reason)
    {
        var db = Path.Combine(full, DatabaseFileName);
        var wal = new FileInfo(db + "-wal");
        var uri = new Uri(db).AbsoluteUri + (wal.Exists && wal.Length > 0 ? "?mode=ro" : "?mode=ro&immutable=1");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = uri,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA query_only=1; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;");
            return new CaseStore(full, connection, reason);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static bool ForcedReadOnly() => Environment.GetEnvironmentVariable(ReadOnlyVariable) is { Length: > 0 } v && v != "0";

    /// <summary>Why the case cannot be written (access(2) W_OK on the database and its directory), or null.</summary>
    private static string? WriteProtection(string full)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        var db = Path.Combine(full, DatabaseFileName);
        if (Native.access(db, Native.W_OK) != 0)
        {
            return $"{db} is not writable ({Marshal.GetLastPInvokeErrorMessage()})";
        }

        return Native.access(full, Native.W_OK) != 0 ? $"{full} is not writable ({Marshal.GetLastPInvokeErrorMessage()})" : null;
    }

    /// <summary>The environment variable that caps the case database at N pages (a disk-full test, or a lab's hard size cap).</summary>
    public const string MaxPagesVariable = "EVIDENCEPIPE_STORE_MAX_PAGES";

    /// <summary><c>PRAGMA max_page_count</c> (https://sqlite.org/pragma.html#pragma_max_page_count): beyond it a write fails with SQLITE_FULL, as on a full disk.</summary>
    private static long? MaxPages() =>
        long.TryParse(Environment.GetEnvironmentVariable(MaxPagesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pages) && pages > 0 ? pages : null;

    /// <summary>
    /// Brings a case made by an earlier build up to the current columns (CREATE TABLE IF NOT EXISTS
    /// leaves an existing table as it was): sources.container_entry came with zip containers and
    /// events.message_id with the email readers. Without them such a case could not be ingested into
    /// again, and re-using a case directory is normal.
    /// </summary>
    private static void Upgrade(SqliteConnection connection, SqliteTransaction tx)
    {
        foreach (var (table, column) in AddedColumns)
        {
            using var columns = connection.CreateCommand();
            columns.Transaction = tx;
            columns.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if ((long)columns.ExecuteScalar()! == 0)
            {
                Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} TEXT", tx);
            }
        }
    }

    /// <summary>The unique index on <c>events.id</c> that new cases have (older ones have SQLite's inline <c>UNIQUE</c>).</summary>
    internal const string IdIndex = "events_id";

    /// <summary>
    /// Every case has a unique index on the event id, which makes re-reading a source add nothing twice. Cases made
    /// before had it inline (<c>id TEXT NOT NULL UNIQUE</c>, <c>sqlite_autoindex_events_1</c>, which cannot be dropped);
    /// new cases have it as <see cref="IdIndex"/>, which the first ingest into an empty case builds once at its end
    /// (<see cref="SqliteCaseWriter"/>) — and which this recreates on the next open if that ingest was killed first.
    /// </summary>
    internal static void EnsureIdIndex(SqliteConnection connection, SqliteTransaction? tx)
    {
        if (!HasUniqueIdIndex(connection, tx))
        {
            Execute(connection, $"CREATE UNIQUE INDEX IF NOT EXISTS {IdIndex} ON events(id)", tx);
        }
    }

    internal static bool HasUniqueIdIndex(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            SELECT count(*) FROM pragma_index_list('events') AS l, pragma_index_info(l.name) AS i
            WHERE l."unique" = 1 AND i.name = 'id' AND (SELECT count(*) FROM pragma_index_info(l.name)) = 1
            """;
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private static readonly (string Table, string Column)[] AddedColumns = [("sources", "container_entry"), ("events", "message_id"), ("identifiers", "phone_check")];

    public string? GetMeta(string key)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Appends one entry to the append-only audit log (command, arguments, time, user).</summary>
    public void AppendAudit(string command, IReadOnlyList<string> arguments, string toolVersion, DateTimeOffset now)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO audit(time_utc, user, host, tool_version, command, arguments_json)
            VALUES($t, $u, $h, $v, $c, $a)
            """;
        cmd.Parameters.AddWithValue("$t", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$u", Environment.UserName);
        cmd.Parameters.AddWithValue("$h", Environment.MachineName);
        cmd.Parameters.AddWithValue("$v", toolVersion);
        cmd.Parameters.AddWithValue("$c", command);
        cmd.Parameters.AddWithValue("$a", JsonSerializer.Serialize([.. arguments], ListJson.Default.StringArray));
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<AuditEntry> ReadAudit()
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT seq, time_utc, user, command, arguments_json FROM audit ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var list = new List<AuditEntry>();
        while (r.Read())
        {
            list.Add(new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), JsonSerializer.Deserialize(r.GetString(4), ListJson.Default.StringArray) ?? []));
        }

        return list;
    }

    public long CountEvents()
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM events";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Every source in the case (the exhibit list), in path order.</summary>
    public IReadOnlyList<SourceRow> ReadSources()
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, sha256, path, abs_path, size, format, status, records_read, records_recovered, records_skipped, diagnostics, container_entry
            FROM sources ORDER BY path, sha256
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<SourceRow>();
        while (r.Read())
        {
            list.Add(new SourceRow(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10))
            {
                ContainerEntry = r.IsDBNull(11) ? null : r.GetString(11),
            });
        }

        return list;
    }

    public IReadOnlyList<(string SourcePath, string Locator, string Severity, string Reason)> ReadDiagnostics()
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT s.path, d.locator, d.severity, d.reason FROM diagnostics d JOIN sources s ON s.id = d.source_id ORDER BY s.path, d.id";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string, string, string)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return list;
    }

    /// <summary>
    /// Copies the write-ahead log back into <c>case.db</c> and truncates it (sqlite.org/pragma.html#pragma_wal_checkpoint,
    /// TRUNCATE), so a finished case is one file: a copy to write-blocked media then opens immutable, with no -wal to
    /// replay. The <see cref="Pipeline.FaultPoint.Checkpoint"/> kill point sits just before it, with every transaction
    /// committed to the log but not yet to the database — a kill there must lose nothing.
    /// </summary>
    public void Checkpoint()
    {
        Pipeline.FaultPoint.Hit(Pipeline.FaultPoint.Checkpoint);
        Execute(Connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public void Dispose() => Connection.Dispose();

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

/// <summary>access(2): true permission checks by the kernel, which also see a read-only mount (EROFS), unlike mode bits.</summary>
internal static partial class Native
{
    public const int W_OK = 2;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int access(string path, int mode);
}

public sealed record AuditEntry(long Sequence, string TimeUtc, string User, string Command, IReadOnlyList<string> Arguments);

public sealed record SourceRow(
    long Id, string Sha256, string Path, string AbsolutePath, long Size, string? Format, string Status,
    int RecordsRead, int RecordsRecovered, int RecordsSkipped, int Diagnostics)
{
    /// <summary>The entry name when the source is inside a zip at <see cref="AbsolutePath"/>.</summary>
    public string? ContainerEntry { get; init; }
}

public sealed class CaseNotFoundException(string directory)
    : Exception($"no case at '{directory}' (expected {CaseStore.DatabaseFileName}; run ingest first)")
{
    public string CaseDirectory { get; } = directory;
}
