using System.Runtime.CompilerServices;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.IosBackup;

/// <summary>
/// An iOS backup's own <c>Manifest.db</c>, read as a source of its own: it holds no communication, so
/// it gives no events, but it is the backup's inventory and is checked against the folder. Every
/// <c>Files</c> row that is a file (<c>flags</c> 1) must be stored at <c>xx/fileID</c> beside it — a
/// missing one is a skipped record (its contents are not in the evidence); a fileID that is not
/// SHA-1(domain + "-" + relativePath), or not 40 hex digits, is noted (the manifest was altered or
/// damaged); a stored file no row lists is noted (it is read under its stored name only). Ends with
/// one note counting files, folders and links. Locator: <c>Files.fileID=…</c>.
/// </summary>
internal sealed class ManifestDbReader : ISchemaReader
{
    private const int FlagFile = 1;
    private const int FlagFolder = 2;
    private const int FlagLink = 4;

    public string Format => PhoneDbFormats.IosBackupManifest;

    public bool Recognises(SqliteSchema schema) => schema.HasColumns("Files", "fileID", "domain", "relativePath", "flags");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = db.Context;
        // The stored files can only be checked beside a Manifest.db on disk, not one read out of a zip.
        var folder = context.Source.ContainerEntry is null ? Path.GetDirectoryName(context.Source.AbsolutePath) : null;
        long files = 0, folders = 0, links = 0, other = 0, missing = 0;
        var rows = db.QueryAsync("Files", "SELECT fileID, domain, relativePath, flags FROM Files ORDER BY fileID", row => new ManifestRow(
            DbValues.Text(row, "fileID"), DbValues.Text(row, "domain"), DbValues.Text(row, "relativePath"), DbValues.Long(row, "flags")), cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            var locator = $"Files.fileID={BackupNames.Logical(row.FileId ?? "(null)", null)}";
            var name = BackupNames.Logical(row.Domain, row.RelativePath) ?? "(no domain)";
            switch (row.Flags)
            {
                case FlagFile:
                    files++;
                    break;
                case FlagFolder:
                    folders++;
                    continue;
                case FlagLink:
                    links++;
                    continue;
                default:
                    other++;
                    context.Note(locator, $"{name}: flags {row.Flags?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} is not a file (1), folder (2) or link (4)");
                    continue;
            }

            if (row.FileId is null || !BackupNames.IsFileId(row.FileId))
            {
                context.SkippedRecord(locator, $"{name}: the fileID is not 40 lower-case hex digits, so its stored file cannot be found");
                continue;
            }

            if (row.Domain is not null && BackupNames.FileId(row.Domain, row.RelativePath ?? string.Empty) != row.FileId)
            {
                context.Note(locator, $"{name}: the fileID is not SHA-1(domain-relativePath) — the manifest was altered or damaged; the stored file is still named from this row");
            }

            if (folder is not null && !File.Exists(Path.Combine(folder, row.FileId[..2], row.FileId)))
            {
                missing++;
                context.SkippedRecord(locator, $"{name}: listed as a file but {row.FileId[..2]}/{row.FileId} is not in the backup folder; its contents are not in the evidence");
            }
        }

        if (folder is not null)
        {
            NoteUnlisted(db, folder, cancellationToken);
        }

        context.Note("Files", $"iOS backup manifest: {files} file(s), {folders} folder(s), {links} link(s){(other > 0 ? $", {other} other row(s)" : string.Empty)} listed; {missing} listed file(s) missing from the folder. The files are read as sources of their own under their domain paths.");
        yield break;
    }

    /// <summary>Stored files (<c>xx/fileID</c>) that no Files row lists.</summary>
    private static void NoteUnlisted(DbSession db, string folder, CancellationToken cancellationToken)
    {
        IEnumerable<string> stored;
        try
        {
            stored = Directory.EnumerateDirectories(folder)
                .Where(d => Path.GetFileName(d) is { Length: 2 } n && n.All(char.IsAsciiHexDigitLower))
                .Order(StringComparer.Ordinal)
                .SelectMany(d => Directory.EnumerateFiles(d).Order(StringComparer.Ordinal))
                .Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileName(f));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            db.Context.Note("folder", $"the backup folder could not be listed ({ex.Message}): stored files not in the manifest are not reported");
            return;
        }

        using var command = db.Connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM Files WHERE fileID = $id LIMIT 1";
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        try
        {
            foreach (var path in stored)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fileId = BackupNames.StoredFileId(path);
                id.Value = fileId ?? string.Empty;
                if (fileId is null || command.ExecuteScalar() is null)
                {
                    db.Context.Note(path, $"{BackupNames.Logical(path, null)}: stored in the backup folder but not listed in Manifest.db; read under its stored name only");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            db.Context.Note("folder", $"listing stored files stopped ({ex.Message})");
        }
    }

    private sealed record ManifestRow(string? FileId, string? Domain, string? RelativePath, long? Flags);
}
