using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>A hostile variant of a real database: the fixture copied to <paramref name="path"/> and changed with SQL (the fixture itself is never opened for writing).</summary>
internal static class MutatedDatabase
{
    public static string Create(string fixture, string path, string sql)
    {
        File.Copy(fixture, path);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }
}
