using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// One prepared statement on the case connection, driven through the SQLite C API
/// (https://sqlite.org/c3ref/stmt.html) with parameters bound by position. The writer runs a few
/// statements per event; ADO.NET's per-execution work (resolving every parameter by name with
/// <c>sqlite3_bind_parameter_index</c>, re-enumerating statements, a command per
/// <c>last_insert_rowid()</c>) cost more than SQLite itself did (profile in benchmarks/results).
/// It runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly string _sql;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the case connection is not open");
        _sql = sql;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(rc);
        }
    }

    /// <summary>The rowid of the last row this connection inserted (https://sqlite.org/c3ref/last_insert_rowid.html).</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public RawStatement Text(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    /// <summary>Binds UTF-8 text (SQLite copies it: SQLITE_TRANSIENT), or NULL.</summary>
    public RawStatement Utf8(int index, ReadOnlySpan<byte> value, bool isNull)
    {
        Check(isNull ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    public RawStatement Int(int index, long? value)
    {
        Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    public RawStatement Real(int index, double? value)
    {
        Check(value is { } v ? raw.sqlite3_bind_double(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    /// <summary>Runs a statement that returns no rows; returns the rows it changed (https://sqlite.org/c3ref/changes.html).</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            var failure = Failure(rc);
            raw.sqlite3_reset(_stmt);
            throw failure;
        }

        raw.sqlite3_reset(_stmt);
        return raw.sqlite3_changes(_db);
    }

    /// <summary>
    /// Steps a query: true with a row to read through the <c>Column*</c> methods, false when done.
    /// The caller calls <see cref="Reset"/> when it has read what it needs.
    /// </summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc is not raw.SQLITE_ROW and not raw.SQLITE_DONE)
        {
            var failure = Failure(rc);
            raw.sqlite3_reset(_stmt);
            throw failure;
        }

        return rc == raw.SQLITE_ROW;
    }

    public void Reset() => raw.sqlite3_reset(_stmt);

    public long ColumnInt64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public string ColumnText(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(rc);
        }
    }

    private SqliteException Failure(int rc) =>
        new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}' in: {_sql}", rc, raw.sqlite3_extended_errcode(_db));

    public void Dispose() => _stmt.Dispose();
}
