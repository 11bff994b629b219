using System.Buffers.Binary;
using EvidencePipe.Readers.OutlookMsg;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.OutlookMsg;

/// <summary>
/// Compound-file damage aimed at the places a CFB reader can loop or over-allocate: a FAT chain that
/// points back at itself, a directory tree whose siblings loop, a header claiming more sectors than
/// the file has, and a stream claiming gigabytes. Each is made by patching the real TxtSampleEmail.msg
/// (FAT sector 0 is file sector 0, the directory starts at sector 1: header fields 0x4C and 0x30).
/// </summary>
public sealed class OutlookMsgReaderHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(List<EvidenceRecord> Records, ReadContext Context)> ReadPatchedAsync(Action<byte[]> patch)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("email_msg", "TxtSampleEmail.msg"));
        patch(bytes);
        var path = _dir.Combine("patched.msg");
        await File.WriteAllBytesAsync(path, bytes);
        return await ReaderHarness.ReadAllAsync(new OutlookMsgReader(), path);
    }

    [Fact]
    public async Task A_fat_chain_that_loops_is_reported_not_followed()
    {
        // FAT[1] (the directory's first sector) → 1.
        var (records, context) = await ReadPatchedAsync(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(512 + 4), 1));

        Assert.Empty(records);
        var skipped = Assert.Single(context.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Skipped, skipped.Severity);
        Assert.Contains("loops back to sector 1", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_claiming_more_fat_sectors_than_the_file_has_is_refused_before_allocating()
    {
        var (records, context) = await ReadPatchedAsync(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(0x2C), 0x7FFFFFFF));

        Assert.Empty(records);
        Assert.Contains("FAT", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_whose_siblings_loop_still_reads_the_message()
    {
        // Directory entry 1's left sibling (offset 0x44 of the entry) → 1: itself.
        var (records, _) = await ReadPatchedAsync(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(512 + 512 + 128 + 0x44), 1));

        Assert.Single(records);
    }

    [Fact]
    public async Task A_body_stream_claiming_gigabytes_costs_that_property_not_the_message_or_the_memory()
    {
        // The directory entry named __substg1.0_1000001F (PidTagBody) starts with its UTF-16 name; its size is at +0x78.
        var (records, context) = await ReadPatchedAsync(b =>
        {
            var entry = b.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes("__substg1.0_1000001F"));
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(entry + 0x78), 0xFFFFFFF0);
        });

        var e = Assert.IsType<EventRecord>(Assert.Single(records)).Event;
        Assert.Equal("TxtSampleEmail", e.Subject);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("plain-text body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_root_claiming_gigabytes_reads_only_what_its_chain_holds()
    {
        // The size of directory entry 0 (the root, whose stream is the mini stream) → 0xFFFFFFF0.
        var (records, _) = await ReadPatchedAsync(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(512 + 512 + 0x78), 0xFFFFFFF0));

        Assert.Single(records);
    }

    [Fact]
    public void A_compressed_rtf_header_claiming_a_huge_size_is_capped_by_its_data()
    {
        byte[] data = [.. BitConverter.GetBytes(100u), .. BitConverter.GetBytes(0x7FFFFFFFu), .. "LZFu"u8.ToArray(), .. new byte[4], 0x00, (byte)'a', (byte)'b'];

        var rtf = CompressedRtf.Decompress(data, out _);

        Assert.Equal("ab"u8.ToArray(), rtf);
    }

    [Fact]
    public void Rtf_nested_deeper_than_the_limit_is_skipped_not_recursed()
    {
        var rtf = System.Text.Encoding.ASCII.GetBytes("{\\rtf1 ok" + new string('{', 100_000) + "deep" + new string('}', 100_000) + " end}");

        Assert.Equal("ok end", RtfText.ToText(rtf).Replace("  ", " ", StringComparison.Ordinal));
    }
}
