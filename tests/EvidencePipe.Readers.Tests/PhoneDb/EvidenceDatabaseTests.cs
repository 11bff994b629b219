using System.Security.Cryptography;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>
/// Suspect databases (issue 19): the one opener hardens every connection, and a database carrying hostile
/// views, triggers and a huge row is read or refused with a diagnostic, never run or loaded whole.
/// </summary>
public sealed class EvidenceDatabaseTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_opener_turns_on_defensive_mode_and_turns_off_trusted_schema_extensions_views_and_triggers()
    {
        var path = Create("plain.db", "CREATE TABLE t (x); INSERT INTO t VALUES (1);");

        using var connection = EvidenceDatabase.Open(path);

        // sqlite3_db_config with -1 reads the current setting back (sqlite.org/c3ref/c_dbconfig_defensive.html).
        Assert.Equal(1, Setting(connection, 1010)); // SQLITE_DBCONFIG_DEFENSIVE
        Assert.Equal(0, Setting(connection, 1017)); // SQLITE_DBCONFIG_TRUSTED_SCHEMA
        Assert.Equal(0, Setting(connection, 1005)); // SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION
        Assert.Equal(0, Setting(connection, 1003)); // SQLITE_DBCONFIG_ENABLE_TRIGGER
        Assert.Equal(0, Setting(connection, 1015)); // SQLITE_DBCONFIG_ENABLE_VIEW
        Assert.Equal(0L, Scalar(connection, "PRAGMA trusted_schema"));
        Assert.Equal(-8192L, Scalar(connection, "PRAGMA cache_size"));
        Assert.Equal(1L, Scalar(connection, "PRAGMA query_only"));
        Assert.Equal(64 * 1024 * 1024, raw.sqlite3_limit(connection.Handle!, 0, -1)); // SQLITE_LIMIT_LENGTH, -1 reads it
        Assert.Throws<SqliteException>(() => Scalar(connection, "SELECT load_extension('/nonexistent/evil')"));
    }

    [Fact]
    public void A_hostile_view_is_refused_at_once_instead_of_being_run()
    {
        // An endless recursive CTE and a gigabyte blob: run, the first never ends and the second allocates 1 GB.
        var path = Create("views.db", """
            CREATE TABLE t (x);
            CREATE VIEW endless AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;
            CREATE VIEW blob AS SELECT randomblob(1000000000) AS b;
            """);

        using var connection = EvidenceDatabase.Open(path);
        using var plain = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        plain.Open();

        // The control: opened plainly, the view runs (LIMIT stops the endless one at its third row).
        Assert.Equal(3L, Scalar(plain, "SELECT max(x) FROM (SELECT x FROM endless LIMIT 3)"));
        Assert.Throws<SqliteException>(() => Scalar(connection, "SELECT max(x) FROM (SELECT x FROM endless LIMIT 3)"));
        Assert.Throws<SqliteException>(() => Scalar(connection, "SELECT length(b) FROM blob"));
    }

    [Fact]
    public async Task A_call_log_with_hostile_views_a_trigger_and_a_huge_row_is_read_up_to_the_huge_row_with_a_diagnostic_and_left_unchanged()
    {
        // Android calllog.db layout; row 2's number is 65 MiB, over the 64 MiB per-value limit.
        var path = Create("calllog.db", """
            CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER, type INTEGER);
            INSERT INTO calls VALUES (1, '07700900111', 1700000000000, 12, 1);
            INSERT INTO calls VALUES (2, CAST(zeroblob(68157440) AS TEXT), 1700000060000, 5, 2);
            INSERT INTO calls VALUES (3, '07700900333', 1700000120000, 0, 3);
            CREATE TRIGGER wipe AFTER INSERT ON calls BEGIN DELETE FROM calls; END;
            CREATE TRIGGER wipe_on_read BEFORE DELETE ON calls BEGIN SELECT randomblob(1000000000); END;
            CREATE VIEW endless AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;
            """);
        var before = SHA256.HashData(File.ReadAllBytes(path));

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(PhoneDbFormats.AndroidCallLog, read.Format);
        var call = Assert.Single(read.Events);
        Assert.Equal("calls._id=1", call.Source.Locator);
        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("calls row 2", skipped.Locator);
        Assert.Contains("larger than the 64 MiB read limit", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(["calllog.db"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    private static int Setting(SqliteConnection connection, int op)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_db_config(connection.Handle!, op, -1, out var value));
        return value;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string Create(string name, string sql)
    {
        var path = _temp.Combine(name);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        return path;
    }
}
