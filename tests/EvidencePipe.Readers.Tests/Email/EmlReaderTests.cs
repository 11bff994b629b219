using System.Security.Cryptography;
using EvidencePipe.Model;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>Single messages and maildir files (synthetic maildir, see fixtures/email/synthetic/README.md).</summary>
public sealed class EmlReaderTests
{
    private readonly EmlReader _reader = new();

    [Fact]
    public async Task A_maildir_message_without_a_date_takes_the_delivery_time_from_its_file_name()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("synthetic", "maildir", "cur", "1709420000.M1P100.host:2,RS"));

        var e = Assert.Single(events);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1709420000), e.Time.Utc);
        Assert.Equal(TimeBasis.Epoch, e.Time.Basis);
        Assert.Equal("<emlx-1@example.net>", e.ThreadId);
        var note = Assert.Single(context.Of(DiagnosticSeverity.Note));
        Assert.Contains("maildir file name", note.Reason, StringComparison.Ordinal);
        Assert.Contains("flags RS", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_body_is_indexed_without_script_or_style_and_the_attachment_is_hashed()
    {
        var (events, _) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("synthetic", "maildir", "new", "1709456400.M2P101.host"), EmailTestFiles.WithOwner("email:sam@example.org"));

        var e = Assert.Single(events);
        Assert.Equal(Direction.Outgoing, e.Direction);
        Assert.Equal("Sam Victim", e.Names["email:sam@example.org"]);
        // Two paragraphs: separated by an empty line.
        Assert.Equal("Please stop contacting me.\n\nI have told the police.", e.Text);
        Assert.Equal("<emlx-1@example.net>", e.ThreadId);
        var png = Assert.Single(e.Attachments);
        Assert.Equal("screenshot é.png", png.Name);
        Assert.Equal("image/png", png.MediaType);
        Assert.Equal(8, png.Size);
        // python3: hashlib.sha256(base64.b64decode('iVBORw0KGgo=')).hexdigest()
        Assert.Equal("4c4b6a3be1314ab86138bef4314dde022e600960d8689a2c8f8631802d20dab6", png.Sha256);
    }

    [Fact]
    public async Task Reading_leaves_the_evidence_file_and_its_folder_unchanged()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("evidence.eml");
        File.Copy(EmailTestFiles.Fixture("mimetools", "german-qp.msg"), path);
        var before = (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), Listing(temp.Path), File.GetLastWriteTimeUtc(path));

        var (events, _) = await EmailTestFiles.ReadAsync(_reader, path);

        Assert.Single(events);
        Assert.Equal(before, (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), Listing(temp.Path), File.GetLastWriteTimeUtc(path)));
    }

    [Fact]
    public async Task Event_ids_are_deterministic_across_reads()
    {
        var path = EmailTestFiles.Fixture("mimetools", "multi-2gifs.msg");
        var (first, _) = await EmailTestFiles.ReadAsync(_reader, path);
        var (second, _) = await EmailTestFiles.ReadAsync(_reader, path);

        Assert.Equal(first.Select(e => e.Id), second.Select(e => e.Id));
        Assert.Equal(first.Select(e => e.Attachments.Select(a => a.Sha256)), second.Select(e => e.Attachments.Select(a => a.Sha256)));
    }

    private static string Listing(string dir) => string.Join('\n', Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
}
