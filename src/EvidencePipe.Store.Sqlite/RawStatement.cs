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
/// <para>
/// Safe by construction against stale bindings (issue 19 item 8): SQLite keeps a parameter's value across
/// <c>sqlite3_reset</c>, so a row that forgot to bind a column would silently store the previous row's value,
/// and text bound SQLITE_STATIC would be a pointer into memory that is no longer pinned. So every
/// <see cref="Execute"/> and <see cref="Step"/> refuses to run unless every parameter was bound since the
/// last run, and after each run the bindings are cleared (<c>sqlite3_clear_bindings</c>) before the caller's
/// pinned buffer is released: a statement never holds a pointer to memory it does not own.
/// </para>
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
    private readonly int _parameters;
    private readonly ulong _allBound;
    private ulong _bound;

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
        _parameters = raw.sqlite3_bind_parameter_count(_stmt);
        if (_parameters > 64)
        {
            throw new ArgumentException("a raw statement binds at most 64 parameters", nameof(sql));
        }

        _allBound = _parameters == 64 ? ulong.MaxValue : (1UL << _parameters) - 1;
    }

    /// <summary>The statement's SQL with its current bindings in place (https://sqlite.org/c3ref/expanded_sql.html): for tests.</summary>
    internal string ExpandedSql
    {
        get
        {
            var text = SqliteNative.sqlite3_expanded_sql(_handle);
            try
            {
                return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)text) ?? string.Empty;
            }
            finally
            {
                SqliteNative.sqlite3_free(text);
            }
        }
    }

    /// <summary>The rowid of the last row this connection inserted (https://sqlite.org/c3ref/last_insert_rowid.html).</summary>
    public long LastInsertRowId => SqliteNative.sqlite3_last_insert_rowid(_dbHandle);

    public RawStatement Text(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value));
        Bound(index);
        return this;
    }

    /// <summary>
    /// Binds UTF-8 text without copying it, or NULL when <paramref name="length"/> is negative. The
    /// memory must stay pinned and unchanged until <see cref="Execute"/> or <see cref="Reset"/> returns (both
    /// clear the bindings, so nothing points into it afterwards).
    /// </summary>
    public void Utf8(int index, byte* value, int length)
    {
        Check(length < 0
            ? SqliteNative.sqlite3_bind_null(_handle, index)
            : SqliteNative.sqlite3_bind_text(_handle, index, length == 0 ? EmptyText : value, length, SqliteNative.Static));
        Bound(index);
    }

    public RawStatement Int(int index, long? value)
    {
        Check(value is { } v ? SqliteNative.sqlite3_bind_int64(_handle, index, v) : SqliteNative.sqlite3_bind_null(_handle, index));
        Bound(index);
        return this;
    }

    public RawStatement Real(int index, double? value)
    {
        Check(value is { } v ? SqliteNative.sqlite3_bind_double(_handle, index, v) : SqliteNative.sqlite3_bind_null(_handle, index));
        Bound(index);
        return this;
    }

    /// <summary>Runs a statement that returns no rows; returns the rows it changed (https://sqlite.org/c3ref/changes.html).</summary>
    public int Execute()
    {
        RequireAllBound();
        var rc = SqliteNative.sqlite3_step(_handle);
        if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            var failure = Failure(rc);
            Reset();
            throw failure;
        }

        var changes = SqliteNative.sqlite3_changes(_dbHandle);
        Reset();
        return changes;
    }

    /// <summary>
    /// Steps a query: true with a row to read through the <c>Column*</c> methods, false when done.
    /// The caller calls <see cref="Reset"/> when it has read what it needs.
    /// </summary>
    public bool Step()
    {
        RequireAllBound();
        var rc = SqliteNative.sqlite3_step(_handle);
        if (rc is not raw.SQLITE_ROW and not raw.SQLITE_DONE)
        {
            var failure = Failure(rc);
            Reset();
            throw failure;
        }

        return rc == raw.SQLITE_ROW;
    }

    /// <summary>Resets the statement and clears every binding: the next run must bind all its parameters again.</summary>
    public void Reset()
    {
        _ = SqliteNative.sqlite3_reset(_handle);
        _ = SqliteNative.sqlite3_clear_bindings(_handle);
        _bound = 0;
    }

    private void Bound(int index) => _bound |= 1UL << (index - 1);

    private void RequireAllBound()
    {
        if (_bound != _allBound)
        {
            var missing = System.Numerics.BitOperations.TrailingZeroCount(~_bound & _allBound) + 1;
            Reset();
            throw new InvalidOperationException($"parameter {missing} of a raw statement was not bound for this row: {_sql}");
        }
    }

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
