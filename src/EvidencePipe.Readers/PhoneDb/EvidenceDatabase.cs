using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Opens a SQLite evidence file so that nothing beside it can change: a URI filename with
/// <c>mode=ro</c> (never write) and <c>immutable=1</c> (sqlite.org "URI Filenames": the file is
/// assumed unchangeable, so no locks are taken and no -wal/-shm/-journal file is created or
/// replayed, even when the header says WAL). Pooling is off so the handle is gone on dispose.
/// </summary>
internal static class EvidenceDatabase
{
    public static SqliteConnection Open(string path)
    {
        var uri = new Uri(Path.GetFullPath(path)).AbsoluteUri + "?mode=ro&immutable=1";
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = uri,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA query_only = 1";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
