using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite.Tests;

/// <summary>Real SQLite failures (busy, full) described in one line that names the case database.</summary>
public sealed class StoreFailureTests
{
    [Fact]
    public void A_case_another_process_is_writing_is_reported_busy_with_the_database_named()
    {
        using var dir = new TempDirectory();
        CaseStore.Open(dir.Path, create: true).Dispose();
        var db = Path.Combine(dir.Path, CaseStore.DatabaseFileName);
        using var holder = Connect(db);
        using var second = Connect(db);

        // Through the C API, without Microsoft.Data.Sqlite's own retrying: the holder takes the write lock, and the
        // second writer, with no busy timeout, meets SQLITE_BUSY at once — what a writer meets when its wait runs out.
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(holder.Handle!, "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('held', '1');"));
        SQLitePCL.raw.sqlite3_busy_timeout(second.Handle!, 0);
        var rc = SQLitePCL.raw.sqlite3_exec(second.Handle!, "BEGIN IMMEDIATE;");
        var busy = Assert.Throws<SqliteException>(() => SqliteException.ThrowExceptionForRC(rc, second.Handle));
        var message = StoreFailure.Describe(new InvalidOperationException("writer failed", busy), [dir.Path]);

        Assert.Equal(5, busy.SqliteErrorCode);
        Assert.NotNull(message);
        Assert.StartsWith(db + ": the case is busy", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_full_store_is_reported_full_and_the_failed_transaction_leaves_nothing()
    {
        using var dir = new TempDirectory();
        CaseStore.Open(dir.Path, create: true).Dispose();
        var db = Path.Combine(dir.Path, CaseStore.DatabaseFileName);
        using var connection = Connect(db);
        var pages = (long)Scalar(connection, "PRAGMA page_count")!;
        Execute(connection, $"PRAGMA max_page_count={pages + 2}");

        // Each value is a page of its own: the third overflows the cap (SQLITE_FULL, as on a full disk).
        var full = Assert.Throws<SqliteException>(() => Execute(connection,
            "BEGIN; INSERT INTO meta(key, value) VALUES('a', zeroblob(4000)), ('b', zeroblob(4000)), ('c', zeroblob(4000)), ('d', zeroblob(4000)); COMMIT;"));
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle!) == 0)
        {
            // SQLite may keep the transaction open after SQLITE_FULL (https://sqlite.org/lang_transaction.html): end it as the writer does.
            Execute(connection, "ROLLBACK");
        }

        Assert.Equal(13, full.SqliteErrorCode);
        Assert.StartsWith(db + ": the disk, or the store's size limit, is full", StoreFailure.Describe(full, [dir.Path]), StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM meta WHERE key IN ('a', 'b', 'c', 'd')"));
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
