using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// The few SQLite C functions the writer calls for every event, imported directly from the
/// <c>e_sqlite3</c> library SQLitePCLRaw ships (and has loaded). Going through SQLitePCL.raw costs a
/// SafeHandle add-ref/release per call and, for text, a malloc and copy (SQLITE_TRANSIENT); here
/// text is bound SQLITE_STATIC (https://sqlite.org/c3ref/bind_blob.html) from a buffer the caller
/// keeps pinned until the statement has been stepped and reset.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: SQLite uses the caller's memory as is, without copying it.</summary>
    public static readonly IntPtr Static = IntPtr.Zero;

    // Binding only stores a pointer and a length in the statement: short and non-blocking, so the
    // GC transition is skipped (SuppressGCTransition). sqlite3_step may do I/O and keeps it.
    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_text(IntPtr statement, int index, byte* text, int bytes, IntPtr destructor);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_null(IntPtr statement, int index);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_double(IntPtr statement, int index, double value);

    [LibraryImport(Library)]
    public static partial int sqlite3_step(IntPtr statement);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_reset(IntPtr statement);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_clear_bindings(IntPtr statement);

    [LibraryImport(Library)]
    public static partial byte* sqlite3_expanded_sql(IntPtr statement);

    [LibraryImport(Library)]
    public static partial void sqlite3_free(void* memory);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_changes(IntPtr database);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_last_insert_rowid(IntPtr database);
}
