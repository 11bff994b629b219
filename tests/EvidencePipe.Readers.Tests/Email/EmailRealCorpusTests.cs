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
    public void All_one_hundred_and_eight_real_email_files_are_in_the_fixtures() => Assert.Equal(108, RealFiles().Count);

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
    }
}
