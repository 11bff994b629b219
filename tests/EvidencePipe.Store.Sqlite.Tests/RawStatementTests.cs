using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite.Tests;

public sealed unsafe class RawStatementTests
{
    [Fact]
    public void A_run_with_a_parameter_left_unbound_is_refused_and_stores_nothing()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        Execute(store, "CREATE TABLE t(a TEXT, b TEXT)");
        using var insert = new RawStatement(store.Connection, "INSERT INTO t(a, b) VALUES(?1, ?2)");

        insert.Text(1, "first").Text(2, "kept");
        Assert.Equal(1, insert.Execute());

        // The next row binds only ?1: SQLite alone would reuse ?2 = 'kept' from the row before.
        insert.Text(1, "second");
        var refused = Assert.Throws<InvalidOperationException>(() => insert.Execute());
        Assert.Contains("parameter 2", refused.Message, StringComparison.Ordinal);

        Assert.Equal(["first|kept"], Rows(store, "SELECT a || '|' || b FROM t"));
    }

    [Fact]
    public void Text_bound_in_place_from_the_callers_buffer_is_no_longer_bound_once_the_row_has_run()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        Execute(store, "CREATE TABLE t(a TEXT)");
        using var insert = new RawStatement(store.Connection, "INSERT INTO t(a) VALUES(?1)");
        var buffer = "pinned"u8.ToArray();

        fixed (byte* p = buffer)
        {
            insert.Utf8(1, p, buffer.Length);
            Assert.Contains("'pinned'", insert.ExpandedSql, StringComparison.Ordinal);
            insert.Execute();
        }

        // After the run the statement holds no pointer into the (now unpinned) buffer.
        Assert.Equal("INSERT INTO t(a) VALUES(NULL)", insert.ExpandedSql);
        Assert.Equal(["pinned"], Rows(store, "SELECT a FROM t"));
    }

    private static void Execute(CaseStore store, string sql)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static List<string> Rows(CaseStore store, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(store.Directory, CaseStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }
}
