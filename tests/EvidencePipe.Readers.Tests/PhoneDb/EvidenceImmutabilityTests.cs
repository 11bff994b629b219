using System.Security.Cryptography;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>
/// Forensic soundness (DESIGN.md): reading a database changes neither its bytes nor its folder — no
/// -wal, -shm or -journal file appears, even for a database whose header says WAL (which SQLite
/// would otherwise open by creating a -shm file beside it).
/// </summary>
public sealed class EvidenceImmutabilityTests : IDisposable
{
    private static readonly string[] Databases =
    [
        "android_db/mmssms.db", "android_db/contacts2.db", "android_db/synthetic/calllog.db", "android_db/synthetic/mmssms_mms.db",
        "android_db/synthetic/contacts2_people.db", "ios_db/imessage_chat.db", "ios_db/synthetic/sms_recent.db",
        "ios_db/synthetic/CallHistory.storedata", "whatsapp_db/synthetic/msgstore_current.db", "whatsapp_db/synthetic/msgstore_legacy.db",
        "whatsapp_db/synthetic/wa.db", "whatsapp_ios_db/ChatStorage.sqlite", "whatsapp_ios_db/CallHistory.sqlite", "whatsapp_ios_db/ContactsV2.sqlite",
        "google_voice_ios_db/threadingStore.sqlite",
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reading_every_database_leaves_its_bytes_and_its_folder_unchanged()
    {
        foreach (var relative in Databases)
        {
            File.Copy(RepoPaths.Fixture(relative.Split('/')), _temp.Combine(relative.Replace('/', '_')));
        }

        var listingBefore = Listing();
        var hashesBefore = Hashes();
        Assert.Equal(Databases.Length, listingBefore.Count);

        foreach (var path in Directory.GetFiles(_temp.Path))
        {
            var read = await PhoneDbTestFiles.ReadAsync(path);
            Assert.NotEqual("sqlite", read.Format);
        }

        Assert.Equal(listingBefore, Listing());
        Assert.Equal(hashesBefore, Hashes());
    }

    [Fact]
    public void The_wal_fixture_really_has_a_wal_header()
    {
        // Bytes 18 and 19 of the header are the file format write/read versions: 2 means WAL (sqlite.org fileformat §1.3.3).
        var head = ReaderHarness.Head(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_current.db"));

        Assert.Equal((2, 2), (head[18], head[19]));
    }

    private List<string> Listing() =>
        [.. Directory.GetFileSystemEntries(_temp.Path).Select(p => $"{Path.GetFileName(p)} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p):O}").Order(StringComparer.Ordinal)];

    private Dictionary<string, string> Hashes() =>
        Directory.GetFiles(_temp.Path).ToDictionary(p => Path.GetFileName(p), p => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p))), StringComparer.Ordinal);
}
