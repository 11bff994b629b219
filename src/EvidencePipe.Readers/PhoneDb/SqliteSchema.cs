using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// The tables and columns a database actually has (sqlite_master and PRAGMA table_info). Schema
/// readers are chosen, and optional columns selected, from what is present — never from a guessed
/// app or OS version. Names compare case-insensitively, as SQLite identifiers do.
/// </summary>
internal sealed class SqliteSchema
{
    private readonly Dictionary<string, HashSet<string>> _tables;

    private SqliteSchema(Dictionary<string, HashSet<string>> tables, List<(string Table, string Reason)> unreadable)
    {
        _tables = tables;
        Unreadable = unreadable;
    }

    /// <summary>Tables whose columns could not be listed (e.g. a virtual table whose module this SQLite lacks); they count as having no columns.</summary>
    public IReadOnlyList<(string Table, string Reason)> Unreadable { get; }

    public IEnumerable<string> TableNames => _tables.Keys.Order(StringComparer.Ordinal);

    public static SqliteSchema Load(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!reader.IsDBNull(0))
                {
                    names.Add(reader.GetString(0));
                }
            }
        }

        var tables = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var unreadable = new List<(string, string)>();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            tables[name] = columns;
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT name FROM pragma_table_info($table)";
                command.Parameters.AddWithValue("$table", name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    columns.Add(reader.GetString(0));
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
            {
                // SQLITE_ERROR for one table ("no such module: …") must not hide the others;
                // damage (SQLITE_CORRUPT, SQLITE_NOTADB) still fails the whole file.
                columns.Clear();
                unreadable.Add((name, ex.Message));
            }
        }

        return new SqliteSchema(tables, unreadable);
    }

    public bool HasTable(string table) => _tables.ContainsKey(table);

    public bool HasColumn(string table, string column) => _tables.TryGetValue(table, out var columns) && columns.Contains(column);

    public bool HasColumns(string table, params string[] columns) => _tables.TryGetValue(table, out var present) && columns.All(present.Contains);

    /// <summary>The columns of <paramref name="table"/> from <paramref name="columns"/> that it lacks (all of them when the table is absent).</summary>
    public List<string> Missing(string table, IEnumerable<string> columns) =>
        _tables.TryGetValue(table, out var present) ? [.. columns.Where(c => !present.Contains(c))] : [.. columns];

    /// <summary>
    /// A select-list item for an optional column: the quoted column when present, otherwise
    /// <c>NULL</c>, aliased to the column name so rows are read the same way either way.
    /// </summary>
    public string Optional(string alias, string table, string column) =>
        HasColumn(table, column) ? $"{alias}.{Quote(column)} AS {Quote(column)}" : $"NULL AS {Quote(column)}";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
