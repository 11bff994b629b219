using System.Text.Json;
using EvidencePipe.Pipeline;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Tests.IosBackup;

/// <summary>
/// The iOS backup fixtures made by <c>tools/make_ios_backup_fixture.py</c> and its oracle
/// (<c>fixtures/ios_backup/expected.json</c>: fileIDs from Python's hashlib, counts from Python's sqlite3),
/// and a builder for hostile backups written here with real SQLite.
/// </summary>
internal static class BackupFixture
{
    public static string PlainUdid => Expected.GetProperty("plain").GetProperty("udid").GetString()!;

    public static string EncryptedUdid => Expected.GetProperty("encrypted").GetProperty("udid").GetString()!;

    public static string Plain => RepoPaths.Fixture("ios_backup", "plain", PlainUdid);

    public static string Encrypted => RepoPaths.Fixture("ios_backup", "encrypted", EncryptedUdid);

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("ios_backup", "expected.json"))).RootElement;

    /// <summary>Each stored file of the plain backup: (stored path, domain/relativePath, events the oracle counted or null, fixture it copies).</summary>
    public static IReadOnlyList<(string Stored, string Logical, int? Events, string Fixture)> PlainFiles { get; } =
        [.. Expected.GetProperty("plain").GetProperty("files").EnumerateArray().Select(f => (
            f.GetProperty("stored").GetString()!,
            f.GetProperty("domain").GetString() + "/" + f.GetProperty("relativePath").GetString(),
            f.GetProperty("events").ValueKind == JsonValueKind.Number ? f.GetProperty("events").GetInt32() : (int?)null,
            f.GetProperty("fixture").GetString()!))];

    public static List<DiscoveredFile> Walk(string root, List<(string Path, string Reason)>? errors = null) =>
        [.. SourceDiscovery.Walk([root], [], (p, r) => errors?.Add((p, r)), [new EvidencePipe.Readers.IosBackup.IosBackupLayout()])];

    /// <summary>Copies a fixture backup folder into <paramref name="to"/>.</summary>
    public static string Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    /// <summary>A Manifest.db with the real schema and the given rows (fileID, domain, relativePath, flags).</summary>
    public static void WriteManifest(string folder, params (string FileId, string? Domain, string? RelativePath, long Flags)[] rows)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "Manifest.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB); CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);";
            create.ExecuteNonQuery();
            foreach (var (fileId, domain, relativePath, flags) in rows)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO Files VALUES ($id, $domain, $path, $flags, NULL)";
                insert.Parameters.AddWithValue("$id", fileId);
                insert.Parameters.AddWithValue("$domain", (object?)domain ?? DBNull.Value);
                insert.Parameters.AddWithValue("$path", (object?)relativePath ?? DBNull.Value);
                insert.Parameters.AddWithValue("$flags", flags);
                insert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Stores <paramref name="content"/> as <c>xx/fileID</c> under <paramref name="folder"/>.</summary>
    public static string Store(string folder, string fileId, byte[] content)
    {
        var path = Path.Combine(folder, fileId[..2], fileId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return fileId[..2] + "/" + fileId;
    }
}
