using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// Turns a failure of the case store or of a file into the one line a user or a lab's batch log needs:
/// which file, and what happened (busy or locked, damaged, full, no permission) — never a stack trace.
/// Callers exit with the contract's store/file code (5) after printing it.
/// </summary>
public static class StoreFailure
{
    /// <summary>
    /// The one-line message for <paramref name="ex"/> when it is a store or file failure (a
    /// <see cref="SqliteException"/> anywhere in its chain, an I/O or permission error), else null.
    /// <paramref name="caseDirectories"/> are the cases the command worked on: SQLite's errors do not name their file.
    /// </summary>
    public static string? Describe(Exception ex, IReadOnlyList<string> caseDirectories)
    {
        if (Find<SqliteException>(ex) is { } sqlite)
        {
            var files = caseDirectories.Count == 0
                ? "the case store"
                : string.Join(", ", caseDirectories.Select(d => Path.Combine(Path.GetFullPath(d), CaseStore.DatabaseFileName)));
            return $"{files}: {Reason(sqlite.SqliteErrorCode)} (SQLite: {OneLine(sqlite.Message)})";
        }

        if (Find<UnauthorizedAccessException>(ex) is { } denied)
        {
            return $"permission denied: {OneLine(denied.Message)}";
        }

        if (Find<IOException>(ex) is { } io)
        {
            // .NET names the file in the messages of opens and writes ("No space left on device : '/x'").
            return OneLine(io.Message);
        }

        return null;
    }

    /// <summary>What a SQLite result code means for the case (https://sqlite.org/rescode.html; the primary code is the low byte).</summary>
    public static string Reason(int sqliteErrorCode) => (sqliteErrorCode & 0xff) switch
    {
        5 => "the case is busy: another process is writing to it; try again when it has finished",
        6 => "the case is locked by another connection; try again when it has finished",
        11 or 26 => "the case database is damaged or is not a case database; restore it from a copy (the evidence is unchanged)",
        13 => "the disk, or the store's size limit, is full; nothing of the unfinished batch was kept — free space and run the command again",
        3 or 8 or 23 => "no permission to write the case (read-only file, directory or medium)",
        14 => "the case database cannot be opened (missing, or no permission to read it or its directory)",
        10 => "a disk I/O error while reading or writing the case",
        _ => "the case store failed",
    };

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
