using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// One prepared statement on the case connection, driven through the SQLite C API
/// (https://sqlite.org/c3ref/stmt.html) with parameters bound by position. The writer runs a few
/// statements per event; ADO.NET's per-execution work (resolving every parameter by name with
/// <c>sqlite3_bind_parameter_index</c>, re-enumerating statements, a command per
/// <c>last_insert_rowid()</c>) cost more than SQLite itself did. The per-event calls go straight to
/// the library (<see cref="SqliteNative"/>). It runs inside whatever transaction the connection has open.
/// </summary>
internal sealed unsafe class RawStatement : IDisposable
{
    // A non-null pointer for an empty string: SQLite binds a null text pointer as NULL, not ''.
    private static readonly byte* EmptyText = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1);

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly IntPtr _dbHandle;
    private readonly IntPtr _handle;
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

        // Both handles live as long as this object (the connection outlives its writer).
        _dbHandle = _db.DangerousGetHandle();
        _handle = _stmt.DangerousGetHandle();
    }

    /// <summary>The rowid of the last row this connection inserted (https://sqlite.org/c3ref/last_insert_rowid.html).</summary>
    public long LastInsertRowId => SqliteNative.sqlite3_last_insert_rowid(_dbHandle);

    public RawStatement Text(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    /// <summary>
    /// Binds UTF-8 text without copying it, or NULL when <paramref name="length"/> is negative. The
    /// memory must stay pinned and unchanged until <see cref="Execute"/> or <see cref="Reset"/> returns.
    /// </summary>
    public void Utf8(int index, byte* value, int length) =>
        Check(length < 0
            ? SqliteNative.sqlite3_bind_null(_handle, index)
            : SqliteNative.sqlite3_bind_text(_handle, index, length == 0 ? EmptyText : value, length, SqliteNative.Static));

    public RawStatement Int(int index, long? value)
    {
        Check(value is { } v ? SqliteNative.sqlite3_bind_int64(_handle, index, v) : SqliteNative.sqlite3_bind_null(_handle, index));
        return this;
    }

    public RawStatement Real(int index, double? value)
    {
        Check(value is { } v ? SqliteNative.sqlite3_bind_double(_handle, index, v) : SqliteNative.sqlite3_bind_null(_handle, index));
        return this;
    }

    /// <summary>Runs a statement that returns no rows; returns the rows it changed (https://sqlite.org/c3ref/changes.html).</summary>
    public int Execute()
    {
        var rc = SqliteNative.sqlite3_step(_handle);
        if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            var failure = Failure(rc);
            _ = SqliteNative.sqlite3_reset(_handle);
            throw failure;
        }

        _ = SqliteNative.sqlite3_reset(_handle);
        return SqliteNative.sqlite3_changes(_dbHandle);
    }

    /// <summary>
    /// Steps a query: true with a row to read through the <c>Column*</c> methods, false when done.
    /// The caller calls <see cref="Reset"/> when it has read what it needs.
    /// </summary>
    public bool Step()
    {
        var rc = SqliteNative.sqlite3_step(_handle);
        if (rc is not raw.SQLITE_ROW and not raw.SQLITE_DONE)
        {
            var failure = Failure(rc);
            _ = SqliteNative.sqlite3_reset(_handle);
            throw failure;
        }

        return rc == raw.SQLITE_ROW;
    }

    public void Reset() => _ = SqliteNative.sqlite3_reset(_handle);

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
