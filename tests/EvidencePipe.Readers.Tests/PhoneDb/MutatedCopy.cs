using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>A copy of a real fixture changed by SQL (real SQLite, no mocks): the hostile variants of one real file.</summary>
internal static class MutatedCopy
{
    /// <param name="name">The copy's file name, for readers that look at it (default: a new unique name with the fixture's extension).</param>
    public static string Of(TempDirectory temp, string fixture, string sql, string? name = null)
    {
        var path = temp.Combine(name ?? Guid.NewGuid().ToString("N") + Path.GetExtension(fixture));
        File.Copy(fixture, path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        return path;
    }
}
