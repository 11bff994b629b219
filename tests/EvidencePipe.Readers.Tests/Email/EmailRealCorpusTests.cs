using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>
/// Every real file under fixtures/email (byte-for-byte copies of everything in
/// shared/realdata/email) goes through the email readers: the reader its content sniffs as, or the
/// single-message reader for files no sniffer claims (the mime4j header-less torture messages).
/// Nothing may throw, and every file yields events or says why not.
/// </summary>
public sealed class EmailRealCorpusTests
{
    public static TheoryData<string> RealFiles()
    {
        var data = new TheoryData<string>();
        var root = EmailTestFiles.Fixture();
        foreach (var path in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (!relative.StartsWith("synthetic/", StringComparison.Ordinal) && !relative.EndsWith(".json", StringComparison.Ordinal))
            {
                data.Add(relative);
            }
        }

        return data;
    }

    [Fact]
    public void All_one_hundred_and_sixteen_real_email_files_are_in_the_fixtures() => Assert.Equal(116, RealFiles().Count);

    [Theory]
    [MemberData(nameof(RealFiles))]
    public async Task Every_real_email_file_reads_without_an_exception(string relative)
    {
        var path = EmailTestFiles.Fixture(relative.Split('/'));
        var head = ReaderHarness.Head(path);
        IEvidenceReader reader = new EmlxSniffer().Matches(head) ? new EmlxReader()
            : new MboxSniffer().Matches(head) ? new MboxReader()
            : new EmlReader();

        var (events, context) = await EmailTestFiles.ReadAsync(reader, path);

        Assert.True(events.Count > 0 || context.Diagnostics.Count > 0, "no event and no diagnostic");
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_shared_realdata_folder_itself_reads_without_an_exception_when_present()
    {
        var realdata = Path.Combine(RepoPaths.Root, "..", "shared", "realdata", "email");
        if (!Directory.Exists(realdata))
        {
            return; // the fixtures test above covers the same bytes
        }

        var files = Directory.GetFiles(realdata, "*", SearchOption.AllDirectories);
        foreach (var path in files)
        {
            var head = ReaderHarness.Head(path);
            IEvidenceReader reader = new MboxSniffer().Matches(head) ? new MboxReader() : new EmlReader();
            var (events, context) = await EmailTestFiles.ReadAsync(reader, path);
            Assert.True(events.Count > 0 || context.Diagnostics.Count > 0, path);
        }

        Assert.Equal(108, files.Length);
        Assert.Equal(6, Directory.GetFiles(realdata + "_eml", "*", SearchOption.AllDirectories).Length);
        Assert.Equal(2, Directory.GetFiles(realdata + "_emlx", "*", SearchOption.AllDirectories).Length);
    }

    /// <summary>
    /// Every message in every real file the formats sniff as (what an ingest reads) is an event: none
    /// skipped. The independent count of messages is the number of separator lines: one message per
    /// eml/emlx file, and per mbox the From_ lines counted here with a regular expression (RFC 4155
    /// "From " + sender + asctime date), so a parser that stops early after a broken message is caught.
    /// </summary>
    [Theory]
    [MemberData(nameof(RealFiles))]
    public async Task Every_message_in_a_sniffed_real_file_is_one_event_and_none_is_skipped(string relative)
    {
        var path = EmailTestFiles.Fixture(relative.Split('/'));
        var head = ReaderHarness.Head(path);
        (IEvidenceReader? reader, int expected) = new EmlxSniffer().Matches(head) ? (new EmlxReader(), 1)
            : new MboxSniffer().Matches(head) ? (new MboxReader(), CountFromLines(path))
            : new EmlSniffer().Matches(head) ? (new EmlReader(), 1)
            : ((IEvidenceReader?)null, 0);
        if (reader is null)
        {
            return; // not an email by content (the header-less torture files, a licence text): ingest lists it as unsupported
        }

        var (events, context) = await EmailTestFiles.ReadAsync(reader, path);

        Assert.Equal(0, context.Skipped);
        Assert.Equal(expected, events.Count);
    }

    private static int CountFromLines(string path)
    {
        var separator = new System.Text.RegularExpressions.Regex(@"^From \S+ *(\S.*\d:\d\d.*)?\r?$", System.Text.RegularExpressions.RegexOptions.Multiline);
        var bytes = File.ReadAllBytes(path);
        var bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var text = System.Text.Encoding.Latin1.GetString(bytes, bom, bytes.Length - bom);
        return separator.Count(text);
    }
}
