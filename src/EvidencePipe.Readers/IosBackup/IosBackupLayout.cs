using EvidencePipe.Pipeline;
using EvidencePipe.Readers.PhoneDb;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.IosBackup;

/// <summary>
/// An iTunes/Finder iOS backup folder (iOS 10 and later): <c>Manifest.db</c> lists every file as
/// <c>Files(fileID, domain, relativePath, flags, file)</c> and stores its bytes at
/// <c>&lt;first two hex digits of fileID&gt;/&lt;fileID&gt;</c>, fileID being SHA-1(domain + "-" + relativePath).
/// Each stored file is then named <c>domain/relativePath</c> (<c>HomeDomain/Library/SMS/sms.db</c>) and
/// read by whichever reader its content matches. An encrypted backup (<c>Manifest.plist</c>
/// <c>IsEncrypted</c> true, or a <c>Manifest.db</c> that is not SQLite beside a <c>Manifest.plist</c>)
/// gives one diagnostic on the folder; its files are listed and hashed under their stored names.
/// A pre-iOS 10 backup (<c>Manifest.mbdb</c>, no <c>Manifest.db</c>) likewise, its names not resolved.
/// </summary>
public sealed class IosBackupLayout : IFolderLayout
{
    public const string ManifestDb = "Manifest.db";
    public const string ManifestPlist = "Manifest.plist";
    public const string ManifestMbdb = "Manifest.mbdb";
    public const string InfoPlist = "Info.plist";

    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;

    public FolderIndex? Recognise(string directory, IReadOnlyCollection<string> fileNames)
    {
        var hasDb = fileNames.Contains(ManifestDb);
        var hasPlist = fileNames.Contains(ManifestPlist);
        if (!hasDb && !(hasPlist && fileNames.Contains(ManifestMbdb)))
        {
            return null;
        }

        var problems = new List<string>();
        var encrypted = hasPlist ? IsEncrypted(Path.Combine(directory, ManifestPlist), problems) : null;
        if (!hasDb)
        {
            problems.Insert(0, "iOS backup from before iOS 10 (Manifest.mbdb, no Manifest.db): its index is not read, so its files are listed and read under their stored (hashed) names only"
                + (encrypted == true ? "; Manifest.plist says the backup is encrypted, so their contents cannot be read either" : string.Empty));
            return new ManifestDbIndex(null, problems);
        }

        var dbPath = Path.Combine(directory, ManifestDb);
        if (!StartsWithSqliteMagic(dbPath))
        {
            if (!hasPlist && !fileNames.Contains(InfoPlist))
            {
                return null; // a file that happens to be called Manifest.db, with nothing else of a backup beside it
            }

            problems.Insert(0, encrypted == true
                ? "encrypted iOS backup (Manifest.plist IsEncrypted = true): Manifest.db and every stored file are encrypted with keys protected by the backup password, which EvidencePipe does not take; the files are listed and hashed under their stored (hashed) names, their contents are not read"
                : "iOS backup whose Manifest.db is not a SQLite database (damaged, or encrypted though Manifest.plist does not say so): the files are listed and hashed under their stored (hashed) names only");
            return new ManifestDbIndex(null, problems);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = EvidenceDatabase.Open(dbPath);
            var schema = SqliteSchema.Load(connection, CancellationToken.None);
            if (!schema.HasColumns("Files", "fileID", "domain", "relativePath"))
            {
                connection.Dispose();
                if (!hasPlist)
                {
                    return null;
                }

                problems.Insert(0, "iOS backup whose Manifest.db has no Files(fileID, domain, relativePath) table: the files are listed and read under their stored (hashed) names only");
                return new ManifestDbIndex(null, problems);
            }
        }
        catch (SqliteException ex)
        {
            connection?.Dispose();
            problems.Insert(0, $"iOS backup whose Manifest.db cannot be read ({ex.Message}): the files are listed and read under their stored (hashed) names only");
            return new ManifestDbIndex(null, problems);
        }

        if (encrypted == true)
        {
            problems.Insert(0, "encrypted iOS backup (Manifest.plist IsEncrypted = true) with a readable Manifest.db (as iOS 10.0–10.1 wrote them): the files are named from it, but their contents are encrypted with keys protected by the backup password and are not read");
        }

        return new ManifestDbIndex(connection, problems);
    }

    /// <summary>True, false, or null when Manifest.plist cannot be read (a problem is added).</summary>
    private static bool? IsEncrypted(string path, List<string> problems)
    {
        try
        {
            var values = PropertyList.ReadTopLevel(path);
            return values.TryGetValue("IsEncrypted", out var value) && value is bool b ? b : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"Manifest.plist could not be read ({ex.Message}): whether the backup is encrypted is judged from Manifest.db alone");
            return null;
        }
    }

    private static bool StartsWithSqliteMagic(string path)
    {
        try
        {
            using var stream = Reading.EvidenceSource.OpenEvidence(path);
            Span<byte> head = stackalloc byte[16];
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(SqliteMagic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Names stored files by looking their fileID up in Manifest.db (primary key), one query per file: memory stays flat.</summary>
    private sealed class ManifestDbIndex : FolderIndex
    {
        private readonly SqliteConnection? _connection;
        private readonly SqliteCommand? _lookup;
        private readonly SqliteParameter? _fileId;

        public ManifestDbIndex(SqliteConnection? connection, List<string> problems)
        {
            foreach (var problem in problems)
            {
                AddProblem(problem);
            }

            _connection = connection;
            if (connection is not null)
            {
                _lookup = connection.CreateCommand();
                _lookup.CommandText = "SELECT domain, relativePath FROM Files WHERE fileID = $id LIMIT 1";
                _fileId = _lookup.Parameters.Add("$id", SqliteType.Text);
            }
        }

        public override string? LogicalName(string relativePath)
        {
            if (_lookup is null || _fileId is null || BackupNames.StoredFileId(relativePath) is not { } fileId)
            {
                return null;
            }

            try
            {
                _fileId.Value = fileId;
                using var row = _lookup.ExecuteReader();
                if (!row.Read())
                {
                    return null;
                }

                return BackupNames.Logical(DbValues.Text(row, "domain"), DbValues.Text(row, "relativePath"));
            }
            catch (SqliteException)
            {
                // Damage in Manifest.db: the file keeps its stored name; the manifest's own reader reports the damage.
                return null;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _lookup?.Dispose();
                _connection?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
