using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Opens a SQLite evidence file — a suspect-controlled file — so that nothing beside it can change and
/// nothing in it can run or grow without bound. Every reader opens evidence databases here only.
/// <list type="bullet">
/// <item>A URI filename with <c>mode=ro</c> (never write) and <c>immutable=1</c> (sqlite.org "URI
/// Filenames": no locks, no -wal/-shm/-journal created or replayed), <c>PRAGMA query_only</c>; pooling off
/// so the handle is gone on dispose.</item>
/// <item>The hardening sqlite.org "Defense Against The Dark Arts" (https://sqlite.org/security.html)
/// recommends for an untrusted database: <c>SQLITE_DBCONFIG_DEFENSIVE</c> (no writable schema, no shadow
/// table writes), <c>trusted_schema</c> off (functions and virtual tables not marked innocuous cannot run
/// from the schema: generated columns, defaults, views, triggers), extension loading off, views and
/// triggers disabled outright (readers only read tables, so a hostile view or trigger is inert — a view
/// cannot even be queried), a per-value length limit (<see cref="MaxValueBytes"/>: a huge row is an
/// SQLITE_TOOBIG diagnostic, not an allocation of gigabytes) and a bounded page cache.</item>
/// <item>A progress handler that interrupts any statement once the read is cancelled (the per-source
/// time budget), so a pathological query cannot outlive its source.</item>
/// </list>
/// </summary>
internal static class EvidenceDatabase
{
    /// <summary>The largest string or blob SQLite will produce (SQLITE_LIMIT_LENGTH); readers cap text far lower.</summary>
    public const int MaxValueBytes = 64 << 20;

    /// <summary>The page cache bound in KiB (<c>PRAGMA cache_size</c> takes a negative number as KiB).</summary>
    public const int CacheKib = 8 << 10;

    // Not every SQLitePCLRaw build names these; the values are SQLite's (sqlite3.h).
    private const int DbConfigEnableTrigger = 1003;
    private const int DbConfigEnableLoadExtension = 1005;
    private const int DbConfigDefensive = 1010;
    private const int DbConfigEnableView = 1015;
    private const int DbConfigTrustedSchema = 1017;
    private const int LimitLength = 0;

    /// <summary>Virtual-machine steps between checks for cancellation.</summary>
    private const int ProgressSteps = 100_000;

    public static SqliteConnection Open(string path, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(Path.GetFullPath(path)).AbsoluteUri + "?mode=ro&immutable=1";
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = uri,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            Harden(connection, cancellationToken);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Harden(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var db = connection.Handle!;
        Config(db, DbConfigDefensive, 1);
        Config(db, DbConfigTrustedSchema, 0);
        Config(db, DbConfigEnableLoadExtension, 0);
        Config(db, DbConfigEnableTrigger, 0);
        Config(db, DbConfigEnableView, 0);
        connection.EnableExtensions(false);
        raw.sqlite3_limit(db, LimitLength, MaxValueBytes);
        if (cancellationToken.CanBeCanceled)
        {
            // Non-zero from the handler interrupts the running statement (SQLITE_INTERRUPT).
            raw.sqlite3_progress_handler(db, ProgressSteps, static state => ((CancellationToken)state).IsCancellationRequested ? 1 : 0, cancellationToken);
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA query_only = 1; PRAGMA trusted_schema = 0; PRAGMA cache_size = -{CacheKib}; PRAGMA mmap_size = 0;";
        command.ExecuteNonQuery();
    }

    private static void Config(sqlite3 db, int op, int value)
    {
        var rc = raw.sqlite3_db_config(db, op, value, out _);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite refused a safety setting (sqlite3_db_config {op}): {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
        }
    }
}
