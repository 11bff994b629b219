using System.Security.Cryptography;
using EvidencePipe.Readers.Cdr;
using EvidencePipe.Readers.Meta;
using EvidencePipe.Readers.Signal;
using EvidencePipe.Readers.Telegram;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests;

/// <summary>Reading never changes the evidence or adds anything beside it (DESIGN.md "Forensic soundness").</summary>
public sealed class AppExportEvidenceIntegrityTests
{
    public static TheoryData<string, string> Sources() => new()
    {
        { "telegram", "synthetic/account_export.json" },
        { "telegram", "test_batch_export.json" },
        { "meta", "synthetic/messenger_message_1.json" },
        { "meta", "instagram_test_export.json" },
        { "cdr", "A.csv" },
        { "cdr", "A_orange.csv" },
        { "signal", "test_export.txt" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Reading_leaves_the_file_and_its_folder_exactly_as_they_were(string folder, string name)
    {
        using var dir = new TempDirectory();
        var original = RepoPaths.Fixture([folder, .. name.Split('/')]);
        var path = dir.Combine(Path.GetFileName(original));
        File.Copy(original, path);
        if (folder == "cdr")
        {
            File.Copy(RepoPaths.Fixture("cdr", "antennas.csv"), dir.Combine("antennas.csv"));
        }

        var before = Snapshot(dir.Path);
        var (records, _) = await ReaderHarness.ReadAllAsync(ReaderFor(folder), path);

        Assert.NotEmpty(records);
        Assert.Equal(before, Snapshot(dir.Path));
    }

    private static IEvidenceReader ReaderFor(string folder) => folder switch
    {
        "telegram" => new TelegramJsonReader(),
        "meta" => new MetaMessagesReader(MetaPlatform.Messenger),
        "cdr" => new CdrReader(),
        _ => new SignalTextReader(),
    };

    /// <summary>Every file in the folder with its SHA-256, size and last-write time.</summary>
    private static List<string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")
            .ToList();
}
