using EvidencePipe.Model;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>Apple Mail .emlx on the synthetic fixtures (see fixtures/email/synthetic/README.md for their content).</summary>
public sealed class EmlxReaderTests
{
    private readonly EmlxReader _reader = new();

    [Fact]
    public async Task An_emlx_file_yields_its_message_decoded()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("synthetic", "apple-mail", "12345.emlx"));

        var e = Assert.Single(events);
        Assert.Equal("message", e.Source.Locator);
        Assert.Equal(EmailFormats.Emlx, e.Source.Format);
        Assert.Equal("email:jordan@example.net", e.From);
        Assert.Equal("Jordan Example", e.Names["email:jordan@example.net"]);
        Assert.Equal(["email:sam@example.org"], e.To);
        Assert.Equal("I saw you at the café", e.Subject);
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 23, 15, 0, TimeSpan.Zero), e.Time.Utc);
        Assert.Equal(TimeBasis.ExplicitOffset, e.Time.Basis);
        Assert.Equal("You looked happy. I was outside your house later.\nCafé again tomorrow?\n", e.Text);
        Assert.Equal("<emlx-1@example.net>", e.ThreadId);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_byte_count_past_the_end_is_reported_and_the_bytes_present_are_read()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("synthetic", "apple-mail", "truncated.emlx"));

        Assert.Equal("I saw you at the café", Assert.Single(events).Subject);
        Assert.Contains(context.Of(DiagnosticSeverity.Recovered), d => d.Reason.Contains("9999", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "plist");
    }
}
