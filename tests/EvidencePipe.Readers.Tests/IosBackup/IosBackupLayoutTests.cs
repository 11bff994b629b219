using EvidencePipe.Pipeline;
using EvidencePipe.Readers.Tests.Fuzz;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.IosBackup;

/// <summary>
/// Discovery of iOS backup folders. Expected names come from the oracle written by the fixture script
/// (fileID = SHA-1(domain-relativePath) by Python's hashlib) or are written out by hand in the test.
/// </summary>
public sealed class IosBackupLayoutTests
{
    private static readonly string[] RootFiles = ["Info.plist", "Manifest.db", "Manifest.plist", "Status.plist"];

    /// <summary>SHA-1("HomeDomain-Library/SMS/sms.db"), the fileID every backup tool documents for sms.db.</summary>
    private const string SmsDbId = "3d0d7e5fb2ce288813306e4d4636395e047a3d28";

    [Fact]
    public void Every_stored_file_is_named_by_its_domain_path_after_its_stored_path()
    {
        var errors = new List<(string, string)>();
        var files = BackupFixture.Walk(BackupFixture.Plain, errors);

        Assert.Empty(errors);
        Assert.Equal(
            Sorted([.. RootFiles, .. BackupFixture.PlainFiles.Select(f => f.Stored + "!/" + f.Logical)]),
            Sorted(files.Select(f => f.RelativePath)));
        Assert.Contains($"3d/{SmsDbId}!/HomeDomain/Library/SMS/sms.db", files.Select(f => f.RelativePath));
        Assert.All(files, f => Assert.True(File.Exists(f.AbsolutePath), f.AbsolutePath)); // the stored file is what is read
    }

    [Fact]
    public void A_backup_below_the_ingest_root_keeps_the_folders_above_it_and_an_encrypted_one_is_not_named()
    {
        var errors = new List<(string Path, string Reason)>();
        var files = BackupFixture.Walk(RepoPaths.Fixture("ios_backup"), errors);

        Assert.Contains($"plain/{BackupFixture.PlainUdid}/3d/{SmsDbId}!/HomeDomain/Library/SMS/sms.db", files.Select(f => f.RelativePath));
        Assert.Contains($"encrypted/{BackupFixture.EncryptedUdid}/3d/{SmsDbId}", files.Select(f => f.RelativePath));
        Assert.Equal(Path.GetFullPath(BackupFixture.Encrypted), Assert.Single(errors).Path);
    }

    [Fact]
    public void An_encrypted_backup_gives_one_diagnostic_and_lists_every_file_under_its_stored_name()
    {
        var errors = new List<(string Path, string Reason)>();
        var files = BackupFixture.Walk(BackupFixture.Encrypted, errors);

        var (_, reason) = Assert.Single(errors);
        Assert.StartsWith("encrypted iOS backup (Manifest.plist IsEncrypted = true)", reason, StringComparison.Ordinal);
        var stored = BackupFixture.Expected.GetProperty("encrypted").GetProperty("stored").EnumerateArray().Select(s => s.GetString()!);
        Assert.Equal(Sorted([.. RootFiles, .. stored]), Sorted(files.Select(f => f.RelativePath)));
    }

    [Fact]
    public void A_file_called_Manifest_db_with_nothing_else_of_a_backup_beside_it_is_only_a_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("Manifest.db"), [1, 2, 3, 4]);
        var stored = BackupFixture.Store(dir.Path, SmsDbId, [5, 6]);
        var errors = new List<(string, string)>();

        var files = BackupFixture.Walk(dir.Path, errors);

        Assert.Empty(errors);
        Assert.Equal(Sorted(["Manifest.db", stored]), Sorted(files.Select(f => f.RelativePath)));
    }

    [Fact]
    public void Hostile_names_only_label_files_and_can_neither_forge_lines_nor_grow_without_bound()
    {
        using var dir = new TempDirectory();
        const string climbing = "0000000000000000000000000000000000000001";
        const string longName = "1100000000000000000000000000000000000002";
        const string noDomain = "2200000000000000000000000000000000000003";
        BackupFixture.WriteManifest(dir.Path,
            (climbing, "HomeDomain", "../../../etc/passwd\nforged line", 1),
            (longName, "HomeDomain", new string('a', 5000), 1),
            (noDomain, null, "Library/x", 1));
        File.Copy(RepoPaths.Fixture("ios_backup", "plain", BackupFixture.PlainUdid, "Manifest.plist"), dir.Combine("Manifest.plist"));
        BackupFixture.Store(dir.Path, climbing, [1]);
        BackupFixture.Store(dir.Path, longName, [2]);
        BackupFixture.Store(dir.Path, noDomain, [3]);
        Directory.CreateDirectory(dir.Combine("3d"));
        File.WriteAllBytes(dir.Combine("3d", "not-a-file-id"), [4]);

        var names = BackupFixture.Walk(dir.Path).Select(f => f.RelativePath).ToList();

        Assert.Contains($"00/{climbing}!/HomeDomain/../../../etc/passwd\uFFFDforged line", names);
        var cut = Assert.Single(names, n => n.StartsWith($"11/{longName}!/", StringComparison.Ordinal));
        Assert.Equal($"11/{longName}!/".Length + 1024 + 1, cut.Length);
        Assert.EndsWith("a…", cut, StringComparison.Ordinal);
        Assert.Contains($"22/{noDomain}", names);
        Assert.Contains("3d/not-a-file-id", names);
        Assert.False(File.Exists(Path.Combine(dir.Path, "..", "..", "..", "etc", "passwd", "forged line")));
    }

    [Fact]
    public void A_damaged_Manifest_db_leaves_every_file_under_its_stored_name_with_one_diagnostic()
    {
        using var dir = new TempDirectory();
        var copy = BackupFixture.Copy(BackupFixture.Plain, dir.Combine("backup"));
        var manifest = Path.Combine(copy, "Manifest.db");
        File.WriteAllBytes(manifest, File.ReadAllBytes(manifest)[..100]); // the SQLite header and nothing else
        var errors = new List<(string Path, string Reason)>();

        var files = BackupFixture.Walk(copy, errors);

        Assert.Contains("Manifest.db", Assert.Single(errors).Reason, StringComparison.Ordinal);
        Assert.Equal(RootFiles.Length + BackupFixture.PlainFiles.Count, files.Count);
        Assert.DoesNotContain(files, f => f.RelativePath.Contains("!/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_Manifest_plist_is_reported_and_the_names_still_come_from_Manifest_db()
    {
        using var dir = new TempDirectory();
        var copy = BackupFixture.Copy(BackupFixture.Plain, dir.Combine("backup"));
        File.WriteAllBytes(Path.Combine(copy, "Manifest.plist"), [.. "bplist00"u8, 0xFF, 0xFF]);
        var errors = new List<(string Path, string Reason)>();

        var files = BackupFixture.Walk(copy, errors);

        Assert.StartsWith("Manifest.plist could not be read", Assert.Single(errors).Reason, StringComparison.Ordinal);
        Assert.Equal(BackupFixture.PlainFiles.Count, files.Count(f => f.RelativePath.Contains("!/", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_backup_from_before_iOS_10_is_reported_once_and_read_under_its_stored_names()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("Manifest.mbdb"), [.. "mbdb"u8, 5, 0]);
        File.Copy(RepoPaths.Fixture("ios_backup", "plain", BackupFixture.PlainUdid, "Manifest.plist"), dir.Combine("Manifest.plist"));
        File.WriteAllBytes(dir.Combine(SmsDbId), [1]); // before iOS 10 the files lay flat in the folder
        var errors = new List<(string Path, string Reason)>();

        var files = BackupFixture.Walk(dir.Path, errors);

        Assert.StartsWith("iOS backup from before iOS 10", Assert.Single(errors).Reason, StringComparison.Ordinal);
        Assert.Equal(Sorted(["Manifest.mbdb", "Manifest.plist", SmsDbId]), Sorted(files.Select(f => f.RelativePath)));
    }

    [Fact]
    public void Mutants_of_Manifest_db_never_stop_the_walk_lose_a_file_or_put_a_control_character_in_a_name()
    {
        using var dir = new TempDirectory();
        var copy = BackupFixture.Copy(BackupFixture.Plain, dir.Combine("backup"));
        var manifest = Path.Combine(copy, "Manifest.db");
        var original = File.ReadAllBytes(manifest);
        var mutator = new Mutator(FuzzCorpus.SeedFor("ios_backup/Manifest.db"));
        for (var i = 0; i < FuzzCorpus.Iterations; i++)
        {
            File.WriteAllBytes(manifest, mutator.Mutate(original));
            var files = BackupFixture.Walk(copy, []);

            Assert.True(files.Count == RootFiles.Length + BackupFixture.PlainFiles.Count, $"mutant {i} ({mutator.Describe}): {files.Count} files");
            Assert.DoesNotContain(files, f => f.RelativePath.Any(char.IsControl));
        }
    }

    private static List<string> Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];
}
