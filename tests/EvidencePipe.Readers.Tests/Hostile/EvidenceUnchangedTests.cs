using System.Security.Cryptography;
using EvidencePipe.Readers.Tests.Fuzz;
using EvidencePipe.TestSupport;

// Not "...Tests.Hostile": that namespace would hide the VCard tests' Hostile(...) helper.
namespace EvidencePipe.Readers.Tests.HostileSuite;

/// <summary>
/// Immutability (issue 8, DESIGN.md "Forensic soundness"): every registered reader, over every
/// fixture it is registered for, leaves the file's bytes, size and time stamp — and its folder's
/// listing — exactly as they were: no -wal, -shm, -journal or any other file appears beside it.
/// </summary>
public sealed class EvidenceUnchangedTests
{
    public static TheoryData<string> Samples() => FuzzCorpus.Paths();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Reading_a_sample_leaves_it_and_its_folder_unchanged(string relative)
    {
        var sample = FuzzCorpus.Get(relative);
        using var dir = new TempDirectory();
        var path = dir.Combine(Path.GetFileName(sample.FullPath));
        File.Copy(sample.FullPath, path);
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 4, 30, 12, 0, 0, DateTimeKind.Utc));
        var before = Snapshot(dir.Path);

        var read = await ReaderGuard.ReadAsync(sample.Reader, path);

        Assert.True(read.Escaped is null && !read.Hung, read.Describe());
        Assert.Equal(before, Snapshot(dir.Path));
    }

    /// <summary>Every entry in the folder with its SHA-256, size and last-write time.</summary>
    private static List<string> Snapshot(string folder) =>
        [.. Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => File.Exists(f)
                ? $"{Path.GetFileName(f)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}"
                : $"{Path.GetFileName(f)}/")];
}
