using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Media;

public sealed class HeifBoxCountsTests
{
    /// <summary>No real file is refused: every HEIF in fixtures/images and shared/realdata has counts that fit its boxes.</summary>
    [Fact]
    public void Every_real_HEIF_file_has_counts_that_fit_its_boxes()
    {
        var folders = new[] { RepoPaths.Fixture("images"), Path.Combine(RepoPaths.Root, "..", "shared", "realdata") };
        var files = folders.Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".heic", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".heif", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(files.Count >= 7);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            Assert.Null(HeifBoxCounts.FindImpossibleCount(stream));
        }
    }

    /// <summary>A count that exactly fits (every entry at its smallest) is allowed; one more is not.</summary>
    [Theory]
    [InlineData(6, null)]
    [InlineData(7, "declares 7 entries but holds 18 bytes")]
    public void An_ipma_count_is_refused_only_when_its_entries_cannot_fit(uint count, string? expected)
    {
        // ftyp (heic), then meta { hdlr-less, iprp { ipma v0, entry_count, 18 bytes of entries } }, then 8 bytes of mdat
        // so that no box ends at the end of the file. Six version-0 entries of 3 bytes fill 18 bytes.
        byte[] ipma = [.. Box("ipma", [0, 0, 0, 0, .. BigEndian(count), .. new byte[18]])];
        byte[] file = [.. Box("ftyp", [.. "heic"u8, 0, 0, 0, 0, .. "mif1heic"u8]), .. Box("meta", [0, 0, 0, 0, .. Box("iprp", ipma)]), .. Box("mdat", [0, 0, 0, 0, 0, 0, 0, 0])];
        using var stream = new MemoryStream(file);

        var problem = HeifBoxCounts.FindImpossibleCount(stream);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    private static byte[] Box(string type, byte[] body) => [.. BigEndian((uint)(8 + body.Length)), .. System.Text.Encoding.ASCII.GetBytes(type), .. body];

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
