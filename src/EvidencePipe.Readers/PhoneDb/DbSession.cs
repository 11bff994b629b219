using System.Runtime.CompilerServices;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// One open evidence database with its schema and the source's read context. Rows are streamed
/// one at a time; damage part-way through a table (SQLITE_CORRUPT on a truncated file) ends that
/// table with a diagnostic, keeping every row read before it.
/// </summary>
internal sealed class DbSession(SqliteConnection connection, SqliteSchema schema, ReadContext context)
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteSchema Schema { get; } = schema;

    public ReadContext Context { get; } = context;

    public string FileName => Context.Source.FileName;

    /// <summary>True when <paramref name="table"/> has every column in <paramref name="columns"/>; otherwise says what is missing and returns false.</summary>
    public bool Require(string table, params string[] columns)
    {
        var missing = Schema.Missing(table, columns);
        if (missing.Count == 0)
        {
            return true;
        }

        var what = Schema.HasTable(table)
            ? $"table {table} lacks column(s) {string.Join(", ", missing)}"
            : $"table {table} is missing";
        Context.SkippedRecord(table, $"{FileName}: {what}; its rows were not read");
        return false;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and maps each row; <paramref name="map"/> returns null for a row it
    /// has already reported as skipped. A row that cannot be mapped at all is skipped and reported.
    /// </summary>
    public async IAsyncEnumerable<T> QueryAsync<T>(string what, string sql, Func<SqliteDataReader, T?> map, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        SqliteCommand? command = null;
        SqliteDataReader? reader = null;
        try
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            reader?.Dispose();
            command?.Dispose();
            Context.SkippedRecord(what, $"{FileName}: {what} could not be read ({ex.Message}); none of its rows were read");
            yield break;
        }

        using (command)
        using (reader)
        {
            var count = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                T? item;
                try
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield break;
                    }

                    count++;
                    item = map(reader);
                }
                catch (SqliteException ex)
                {
                    // SQLITE_TOOBIG: a value over the opener's per-value limit (a hostile huge row), not damage.
                    var why = ex.SqliteErrorCode == 18
                        ? $"a value in row {count + 1} is larger than the {EvidenceDatabase.MaxValueBytes >> 20} MiB read limit"
                        : "database damaged";
                    Context.SkippedRecord($"{what} row {count + 1}", $"{FileName}: {why} while reading {what} ({ex.Message}); {count} row(s) read before it, the rest of {what} was not read");
                    yield break;
                }
                catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
                {
                    Context.SkippedRecord($"{what} row {count}", $"{FileName}: row could not be read ({ex.Message})");
                    continue;
                }

                if (item is not null)
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>A small lookup query (parts of one MMS, participants of one chat) read eagerly; damage gives an empty list and a diagnostic.</summary>
    public List<T> Lookup<T>(string locator, string what, string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map)
    {
        var result = new List<T>();
        try
        {
            using var command = Connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result.Add(map(reader));
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidCastException or FormatException)
        {
            Context.RecoveredRecord(locator, $"{FileName}: {what} could not be read ({ex.Message}); kept {result.Count} read before the damage");
        }

        return result;
    }
}
