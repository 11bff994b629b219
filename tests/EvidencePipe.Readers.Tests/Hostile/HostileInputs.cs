using System.Text;
using EvidencePipe.Readers.Tests.Fuzz;
using EvidencePipe.Synthesis;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

// Not "...Tests.Hostile": that namespace would hide the VCard tests' Hostile(...) helper.
namespace EvidencePipe.Readers.Tests.HostileSuite;

/// <summary>
/// The hostile inputs of issue 8, built from each reader's real sample (<see cref="FuzzCorpus"/>)
/// or by hand, deterministically.
/// </summary>
internal static class HostileInputs
{
    /// <summary>At least 8 MiB, the "huge single line".</summary>
    public const int HugeLineLength = 8 << 20;

    /// <summary>One intact real sample per registered format: the one with the most records is not needed, the first suffices.</summary>
    public static IReadOnlyDictionary<string, FuzzCorpus.Sample> SampleByFormat { get; } =
        FuzzCorpus.Samples.Where(s => !s.Relative.Contains("/hostile/", StringComparison.Ordinal))
            .GroupBy(s => s.Reader.Format, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => PreferredSample(g.Key, [.. g]), StringComparer.Ordinal);

    /// <summary>Every case name; <c>magic:FORMAT</c> is one per registered format.</summary>
    public static IEnumerable<string> CaseNames =>
    [
        "empty", "nul-only", "random", .. SampleByFormat.Keys.Order(StringComparer.Ordinal).Select(f => "magic:" + f),
        "truncated", "nul-injected", "invalid-utf8", "huge-line", "xml-entity-expansion", "xml-external-entity",
        "deep-json", "deep-xml", "sqlite-corrupt-pages", "sqlite-header-only", "sqlite-wal-only", "exif-absurd-count",
    ];

    /// <summary>Cases cut from or spliced into the reader's own sample: records the damage does not touch must survive.</summary>
    public static bool IsDerivedFromSample(string caseName) => caseName is "truncated" or "nul-injected" or "invalid-utf8" or "huge-line";

    public static byte[] Build(string caseName, FuzzCorpus.Sample own, TempDirectory scratch)
    {
        var sample = File.ReadAllBytes(own.FullPath);
        var random = new SplitMix64(0x484F5354494C45); // "HOSTILE"
        return caseName switch
        {
            "empty" => [],
            "nul-only" => new byte[64 << 10],
            "random" => Random(random, 64 << 10),
            "truncated" => sample[..(int)(sample.Length * 0.6)],
            "nul-injected" => Splice(sample, sample.Length / 2, new byte[1024]),
            "invalid-utf8" => Splice(Splice(sample, sample.Length / 2, [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0x80]), sample.Length / 4, [0xC3, 0x28, 0xF8, 0x88]),
            "huge-line" => Splice(sample, sample.Length / 2, Enumerable.Repeat((byte)'x', HugeLineLength).ToArray()),
            "xml-entity-expansion" => File.ReadAllBytes(RepoPaths.Fixture("sms_backup", "hostile", "billion_laughs.xml")),
            "xml-external-entity" => File.ReadAllBytes(RepoPaths.Fixture("sms_backup", "hostile", "external_entity.xml")),
            "deep-json" => Encoding.UTF8.GetBytes("{\"messages\":[" + new string('[', 1 << 20)),
            "deep-xml" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<smses count=\"1\">" + string.Concat(Enumerable.Repeat("<sms>", 100_000))),
            "sqlite-corrupt-pages" => CorruptPages(random),
            "sqlite-header-only" => File.ReadAllBytes(RepoPaths.Fixture("android_db", "mmssms.db"))[..100],
            "sqlite-wal-only" => WalOnly(scratch),
            "exif-absurd-count" => AbsurdExif(),
            _ when caseName.StartsWith("magic:", StringComparison.Ordinal) =>
                [.. Prefix(File.ReadAllBytes(SampleByFormat[caseName["magic:".Length..]].FullPath)), .. Random(random, 64 << 10)],
            _ => throw new ArgumentException("unknown case " + caseName, nameof(caseName)),
        };
    }

    /// <summary>
    /// For the truncation test, a sample whose first record sits well inside its first 60 %: the
    /// largest sample of the format (small files such as a one-card vCard have nothing before a cut).
    /// </summary>
    private static FuzzCorpus.Sample PreferredSample(string format, IReadOnlyList<FuzzCorpus.Sample> samples) => format switch
    {
        "sqlite" => samples.Single(s => s.Relative == "android_db/mmssms.db"),
        "media" => samples.Single(s => s.Relative == "images/Nokia Lumia 800.jpg"),
        // The text print-out: outlined.pdf (larger) has records only through OCR, which this harness does not run.
        "pdf" => samples.Single(s => s.Relative == "pdf/printout.pdf"),
        _ => samples.OrderByDescending(s => new FileInfo(s.FullPath).Length).ThenBy(s => s.Relative, StringComparer.Ordinal).First(),
    };

    /// <summary>A format's signature: the 100-byte SQLite header, 32 bytes of a binary, or the first line(s) of text up to 256 bytes.</summary>
    private static byte[] Prefix(byte[] sample)
    {
        if (sample.AsSpan(0, Math.Min(sample.Length, 64)).IndexOf((byte)0) >= 0 || sample.AsSpan(0, Math.Min(sample.Length, 4)).IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
        {
            return sample[..Math.Min(sample.Length, sample.AsSpan().StartsWith("SQLite format 3\0"u8) ? 100 : 32)];
        }

        var end = Math.Min(sample.Length, 256);
        var lastBreak = sample.AsSpan(0, end).LastIndexOf((byte)'\n');
        return sample[..(lastBreak > 0 ? lastBreak + 1 : end)];
    }

    private static byte[] Splice(byte[] bytes, int at, byte[] insert) => [.. bytes[..at], .. insert, .. bytes[at..]];

    private static byte[] Random(SplitMix64 random, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.NextUInt64();
        }

        return bytes;
    }

    /// <summary>A real database (mmssms.db) whose header page is intact but every later page is random.</summary>
    private static byte[] CorruptPages(SplitMix64 random)
    {
        var db = File.ReadAllBytes(RepoPaths.Fixture("android_db", "mmssms.db"));
        var pageSize = (db[16] << 8) | db[17];
        var noise = Random(random, db.Length - pageSize);
        noise.CopyTo(db, pageSize);
        return db;
    }

    /// <summary>The -wal file of a database in WAL mode, alone: a write-ahead log without its database.</summary>
    private static byte[] WalOnly(TempDirectory scratch)
    {
        var db = scratch.Combine("wal-source.db");
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
                CREATE TABLE sms(_id INTEGER PRIMARY KEY, address TEXT, date INTEGER, type INTEGER, body TEXT);
                INSERT INTO sms(address, date, type, body) VALUES('+447700900123', 1700000000000, 1, 'only in the log');
                """;
            cmd.ExecuteNonQuery();
        }

        // Copied while the connection is open, before any checkpoint can move the log into the database.
        using var wal = new FileStream(db + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        wal.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// A JPEG whose Exif IFD0 claims 65,535 entries (TIFF 6.0 §2: a 2-byte count) in a 60-byte
    /// segment, with a Make string claiming 4 GiB and an Exif-IFD pointer back to IFD0 (a cycle).
    /// </summary>
    private static byte[] AbsurdExif()
    {
        var tiff = new List<byte>();
        tiff.AddRange("II*\0"u8.ToArray());
        tiff.AddRange(BitConverter.GetBytes(8u));
        tiff.AddRange(BitConverter.GetBytes((ushort)0xFFFF));
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            tiff.AddRange(BitConverter.GetBytes(tag));
            tiff.AddRange(BitConverter.GetBytes(type));
            tiff.AddRange(BitConverter.GetBytes(count));
            tiff.AddRange(BitConverter.GetBytes(value));
        }

        Entry(0x010F, 2, 0xFFFFFFFF, 8);   // Make: ASCII, 4 GiB long
        Entry(0x8769, 4, 1, 8);            // ExifIFD pointer → IFD0 again
        Entry(0x0132, 2, 20, 0x7FFFFFF0);  // DateTime far past the end
        var segment = new List<byte>();
        segment.AddRange("Exif\0\0"u8.ToArray());
        segment.AddRange(tiff);
        var length = segment.Count + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. segment, 0xFF, 0xD9];
    }
}
