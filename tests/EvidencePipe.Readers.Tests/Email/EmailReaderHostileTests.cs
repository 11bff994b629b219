using System.Text;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>Damaged and malicious input: nothing escapes a reader, nothing vanishes unreported.</summary>
public sealed class EmailReaderHostileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Readers() => [EmailFormats.Eml, EmailFormats.Mbox, EmailFormats.Emlx];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Random_bytes_yield_no_exception_and_a_diagnostic(string format)
    {
        var bytes = new byte[256 * 1024];
        new Random(4242).NextBytes(bytes);
        var (events, context) = await EmailTestFiles.ReadAsync(ReaderFor(format), Write("random.bin", bytes));

        Assert.True(events.Count > 0 || context.Diagnostics.Count > 0);
        Assert.NotEmpty(context.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task An_empty_file_yields_a_diagnostic(string format)
    {
        var (events, context) = await EmailTestFiles.ReadAsync(ReaderFor(format), Write("empty", []));

        Assert.Empty(events);
        Assert.NotEmpty(context.Diagnostics);
    }

    [Fact]
    public async Task A_mailbox_cut_mid_message_keeps_the_messages_before_the_cut()
    {
        var original = await File.ReadAllBytesAsync(EmailTestFiles.Fixture("mime4j", "mbox.rlug"));
        // Cut inside the fifth message (its From_ line is at byte 9958).
        var (events, _) = await EmailTestFiles.ReadAsync(new MboxReader(), Write("cut.mbox", original[..10400]));

        Assert.Equal(["mbox byte 0", "mbox byte 3429", "mbox byte 5956", "mbox byte 7744", "mbox byte 9958"], events.Select(e => e.Source.Locator));
    }

    [Fact]
    public async Task A_message_cut_inside_a_base64_attachment_is_kept_with_what_is_there()
    {
        var original = await File.ReadAllBytesAsync(EmailTestFiles.Fixture("mimetools", "multi-2gifs.msg"));
        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), Write("cut.eml", original[..(original.Length * 2 / 3)]));

        var e = Assert.Single(events);
        Assert.NotEmpty(e.Attachments);
        Assert.Contains(context.Of(DiagnosticSeverity.Recovered), d => d.Reason.Contains("never closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Multiparts_nested_ten_thousand_deep_stop_at_the_depth_limit()
    {
        var sb = new StringBuilder("From: a@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n");
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append("Content-Type: multipart/mixed; boundary=\"b").Append(i).Append("\"\n\n--b").Append(i).Append('\n');
        }

        sb.Append("Content-Type: text/plain\n\ndeep\n");
        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), Write("deep.eml", Encoding.ASCII.GetBytes(sb.ToString())));

        Assert.Single(events);
        Assert.Contains(context.Of(DiagnosticSeverity.Recovered), d => d.Reason.Contains("nesting deeper than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Embedded_messages_nested_without_end_stop_at_the_depth_limit()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            sb.Append("Subject: level ").Append(i).Append("\nContent-Type: message/rfc822\n\n");
        }

        sb.Append("Subject: bottom\n\nhello\n");
        var text = "Date: Mon, 1 Jan 2024 10:00:00 +0000\n" + sb;
        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), Write("nested.eml", Encoding.ASCII.GetBytes(text)));

        Assert.Single(events);
        Assert.Contains(context.Of(DiagnosticSeverity.Recovered), d => d.Reason.Contains("nested deeper than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_charset_is_decoded_best_effort_and_reported()
    {
        var bytes = Encoding.UTF8.GetBytes("From: a@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Type: text/plain; charset=x-no-such-charset\n\ncafé\n");
        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), Write("charset.eml", bytes));

        Assert.Equal("café\n", Assert.Single(events).Text);
        Assert.Contains(context.Of(DiagnosticSeverity.Recovered), d => d.Reason.Contains("unknown charset 'x-no-such-charset'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_absurd_date_falls_back_to_the_first_received_field_and_says_so()
    {
        // Like cpython/msg_47.txt ("Date: Tue, 06 Jun 2017 27:39:33 +0600"), but with Received fields.
        var bytes = Encoding.ASCII.GetBytes("Received: from x by y; Tue, 2 Jan 2024 08:30:00 +0100\nReceived: from w by x; Tue, 2 Jan 2024 08:29:00 +0100\nFrom: a@example.com\nDate: Tue, 2 Jan 2024 27:00:00 +0000\n\nbody\n");
        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), Write("absurd.eml", bytes));

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 7, 30, 0, TimeSpan.Zero), Assert.Single(events).Time.Utc);
        Assert.Contains(context.Of(DiagnosticSeverity.Note), d => d.Reason.Contains("first Received field", StringComparison.Ordinal));
    }

    private static IEvidenceReader ReaderFor(string format) => format switch
    {
        EmailFormats.Mbox => new MboxReader(),
        EmailFormats.Emlx => new EmlxReader(),
        _ => new EmlReader(),
    };

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
