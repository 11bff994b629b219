using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.IosBackup;

/// <summary>
/// Manifest.db read as the backup's inventory. Counts come from the fixture script's rows
/// (expected.json: files, folders, links); hostile manifests are written here with real SQLite.
/// </summary>
public sealed class ManifestDbReaderTests
{
    private const string SmsDbId = "3d0d7e5fb2ce288813306e4d4636395e047a3d28"; // SHA-1("HomeDomain-Library/SMS/sms.db")

    [Fact]
    public async Task The_fixture_manifest_gives_no_events_and_counts_what_it_lists()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Path.Combine(BackupFixture.Plain, "Manifest.db"));

        var plain = BackupFixture.Expected.GetProperty("plain");
        Assert.Equal(PhoneDbFormats.IosBackupManifest, read.Format);
        Assert.Empty(read.Events);
        Assert.Empty(read.Contacts);
        Assert.Equal(0, read.Context.Skipped);
        var summary = Assert.Single(read.Context.Diagnostics);
        Assert.StartsWith(
            $"iOS backup manifest: {plain.GetProperty("files").GetArrayLength()} file(s), {plain.GetProperty("folders").GetInt32()} folder(s), {plain.GetProperty("links").GetInt32()} link(s) listed; 0 listed file(s) missing",
            summary.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_file_missing_from_the_folder_is_a_skipped_record_naming_both_names()
    {
        using var dir = new TempDirectory();
        var copy = BackupFixture.Copy(BackupFixture.Plain, dir.Combine("backup"));
        File.Delete(Path.Combine(copy, "3d", SmsDbId));

        var read = await PhoneDbTestFiles.ReadAsync(Path.Combine(copy, "Manifest.db"));

        Assert.Equal(1, read.Context.Skipped);
        var missing = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal($"Files.fileID={SmsDbId}", missing.Locator);
        Assert.Equal($"HomeDomain/Library/SMS/sms.db: listed as a file but 3d/{SmsDbId} is not in the backup folder; its contents are not in the evidence", missing.Reason);
    }

    [Fact]
    public async Task Altered_ids_unlisted_files_and_odd_flags_are_each_reported()
    {
        using var dir = new TempDirectory();
        const string wrong = "abababababababababababababababababababab";
        BackupFixture.WriteManifest(dir.Path,
            (SmsDbId, "HomeDomain", "Library/SMS/sms.db", 1),
            (wrong, "HomeDomain", "Library/AddressBook/AddressBook.sqlitedb", 1),
            ("../../etc/passwd", "HomeDomain", "x", 1),
            ("cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", "HomeDomain", "y", 9));
        BackupFixture.Store(dir.Path, SmsDbId, [1]);
        BackupFixture.Store(dir.Path, wrong, [2]);
        BackupFixture.Store(dir.Path, "efefefefefefefefefefefefefefefefefefefef", [3]);

        var read = await PhoneDbTestFiles.ReadAsync(dir.Combine("Manifest.db"));

        var reasons = read.Context.Diagnostics.Select(d => (d.Locator, d.Severity, d.Reason)).ToList();
        Assert.Contains(reasons, d => d.Locator == $"Files.fileID={wrong}" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("is not SHA-1(domain-relativePath)", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons, d => d.Locator == $"Files.fileID={SmsDbId}");
        Assert.Contains(reasons, d => d.Locator == "Files.fileID=../../etc/passwd" && d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("not 40 lower-case hex digits", StringComparison.Ordinal));
        Assert.Contains(reasons, d => d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("flags 9 is not a file", StringComparison.Ordinal));
        Assert.Contains(reasons, d => d.Locator == "ef/efefefefefefefefefefefefefefefefefefefef" && d.Reason.Contains("not listed in Manifest.db", StringComparison.Ordinal));
        Assert.Equal(1, read.Context.Skipped);
        Assert.False(File.Exists(Path.Combine(dir.Path, "..", "..", "etc", "passwd", "x")));
    }
}
