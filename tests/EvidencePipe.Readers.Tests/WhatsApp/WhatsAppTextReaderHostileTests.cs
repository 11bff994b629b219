using System.Text;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>Damaged and hostile input: nothing may escape the reader, and nothing may vanish unreported.</summary>
public sealed class WhatsAppTextReaderHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_empty_file_yields_nothing_and_says_so()
    {
        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "empty.txt", []);

        Assert.Empty(events);
        var note = Assert.Single(context.Diagnostics);
        Assert.Contains("no WhatsApp message header", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_yield_no_event_but_skipped_and_recovered_diagnostics()
    {
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);

        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "random.bin", bytes);

        Assert.Empty(events);
        Assert.True(context.Skipped >= 1);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Locator == "line 1" && d.Reason.Contains("before the first message header", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("UTF-8", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains("no WhatsApp message header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_message_is_replaced_and_reported_on_its_line()
    {
        var bytes = Concat("13/02/2023, 10:00 - Ann: caf"u8, [0xC3, 0x28, 0xFF], "\nmore\n13/02/2023, 10:01 - Bob: ok\n"u8);

        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "chat.txt", bytes);

        Assert.Equal(2, events.Count);
        Assert.StartsWith("caf\uFFFD", events.At(1).Text, StringComparison.Ordinal);
        Assert.EndsWith("\nmore", events.At(1).Text, StringComparison.Ordinal);
        var diagnostic = Assert.Single(context.Diagnostics);
        Assert.Equal(("line 1", DiagnosticSeverity.Recovered), (diagnostic.Locator, diagnostic.Severity));
        Assert.Equal("ok", events.At(3).Text);
    }

    [Fact]
    public async Task NULs_spliced_before_a_header_are_removed_and_reported_and_the_message_is_still_its_own()
    {
        // A zeroed block landing exactly at a line start used to hide the header: the message was
        // merged into the one before it and nothing was reported.
        var bytes = Concat("13/02/2023, 10:00 - Ann: hello\n"u8, new byte[1024], "13/02/2023, 10:01 - Bob: ok\u0001 fine\n"u8);

        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "chat.txt", bytes);

        Assert.Equal(2, events.Count);
        Assert.Equal("hello", events.At(1).Text);
        Assert.Equal("ok fine", events.At(2).Text);
        var diagnostic = Assert.Single(context.Diagnostics);
        Assert.Equal(("line 2", DiagnosticSeverity.Recovered), (diagnostic.Locator, diagnostic.Severity));
        Assert.StartsWith("1025 control character(s)", diagnostic.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_truncated_inside_a_header_keeps_every_earlier_message_and_notes_the_fragment()
    {
        var original = await File.ReadAllBytesAsync(WhatsAppTestFiles.Fixture("WhatsApp Chat mit Jane Doe.txt"));
        var cut = IndexOf(original, "16.02.21, 22:42"u8) + "16.02.21, 22:4".Length;

        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "WhatsApp Chat mit Jane Doe.txt", original[..cut]);

        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 6"], events.Select(e => e.Source.Locator));
        Assert.Equal("Öhh, da bin ich überfragt xD\n16.02.21, 22:4", events.At(6).Text);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 7" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("starts like a message header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_truncated_inside_a_multibyte_character_reports_the_broken_line()
    {
        var original = await File.ReadAllBytesAsync(WhatsAppTestFiles.Fixture("WhatsApp Chat mit Jane Doe.txt"));
        var cut = original.Length - 3; // inside the final emoji (4 bytes, F0 9F 99 8F)

        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "WhatsApp Chat mit Jane Doe.txt", original[..cut]);

        Assert.Equal(8, events.Count);
        Assert.Equal("Cool, danke 😃\uFFFD", events.At(12).Text);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 12" && d.Severity == DiagnosticSeverity.Recovered);
    }

    [Fact]
    public async Task A_huge_line_is_cut_at_the_line_cap_and_reading_goes_on()
    {
        var huge = new string('x', 3 * 1024 * 1024);
        var text = $"13/02/2023, 10:00 - Ann: {huge}\n13/02/2023, 10:01 - Bob: after\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt", text);

        Assert.Equal(2, events.Count);
        Assert.True(events.At(1).Text!.Length < (1 << 20));
        Assert.StartsWith("xxxx", events.At(1).Text, StringComparison.Ordinal);
        Assert.Equal("after", events.At(2).Text);
        var diagnostic = Assert.Single(context.Diagnostics);
        Assert.Equal(("line 1", DiagnosticSeverity.Recovered), (diagnostic.Locator, diagnostic.Severity));
        Assert.Contains("cut", diagnostic.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_line_cut_inside_a_multibyte_character_ends_on_a_whole_character()
    {
        var options = new WhatsAppReaderOptions { MaxLineBytes = 64 };
        var text = "13/02/2023, 10:00 - Ann: " + string.Concat(Enumerable.Repeat("ü", 100)) + "\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt", text, options: options);

        Assert.DoesNotContain('\uFFFD', events.Single().Text!);
        Assert.Equal(64, Encoding.UTF8.GetByteCount("13/02/2023, 10:00 - Ann: " + events.Single().Text) + 1);
        Assert.DoesNotContain(context.Diagnostics, d => d.Reason.Contains("UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_huge_file_without_any_newline_or_header_is_skipped_with_a_diagnostic()
    {
        var bytes = Enumerable.Repeat((byte)'a', 5 * 1024 * 1024).ToArray();

        var (events, context) = await WhatsAppTestFiles.ReadBytesAsync(_dir, "blob.txt", bytes);

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Locator == "line 1");
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("cut", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lines_before_the_first_header_are_reported_as_one_skipped_run()
    {
        var text = "Chat history\nexported by someone\n\n13/02/2023, 10:00 - Ann: hello\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt", text);

        Assert.Equal("hello", events.Single().Text);
        var skipped = Assert.Single(context.Diagnostics);
        Assert.Equal(("line 1", DiagnosticSeverity.Skipped), (skipped.Locator, skipped.Severity));
        Assert.Contains("2 non-empty line(s)", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("lines 1-2", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(1, context.Skipped);
    }

    [Fact]
    public async Task A_header_with_an_impossible_date_is_skipped_with_its_continuation_and_named_in_the_reason()
    {
        var text = "13/02/2023, 10:00 - Ann: one\n31/02/2023, 10:01 - Bob: never\nits second line\n13/02/2023, 10:02 - Ann: three\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt", text);

        Assert.Equal(["line 1", "line 4"], events.Select(e => e.Source.Locator));
        Assert.Equal("one", events.At(1).Text);
        var skipped = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.Equal("line 2", skipped.Locator);
        Assert.Contains("31/02/2023", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("1 following line", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_with_an_impossible_time_is_skipped()
    {
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt",
            "13/02/2023, 10:00 - Ann: one\n13/02/2023, 25:61 - Bob: never\n13/02/2023, 13:00 PM - Bob: never\n");

        Assert.Single(events);
        Assert.Equal(["line 2", "line 3"], context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Skipped).Select(d => d.Locator));
    }

    [Fact]
    public async Task A_message_longer_than_the_text_cap_is_cut_and_reported()
    {
        var options = new WhatsAppReaderOptions { MaxMessageChars = 20 };
        var text = "13/02/2023, 10:00 - Ann: short\n0123456789\n0123456789\nlast\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt", text, options: options);

        Assert.Equal("short\n0123456789", events.Single().Text);
        var recovered = Assert.Single(context.Diagnostics);
        Assert.Equal(("line 1", DiagnosticSeverity.Recovered), (recovered.Locator, recovered.Severity));
        Assert.Contains("2 further line(s)", recovered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Senders_beyond_the_participant_cap_are_noted_and_still_read()
    {
        var options = new WhatsAppReaderOptions { MaxParticipants = 2 };
        var text = "13/02/2023, 10:00 - Ann: a\n13/02/2023, 10:01 - Bob: b\n13/02/2023, 10:02 - Cy: c\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt", text, options: options);

        Assert.Equal(3, events.Count);
        Assert.Equal("name:Cy", events.At(3).From);
        Assert.Equal(["name:Ann", "name:Bob"], events.At(3).To);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 3" && d.Reason.Contains("distinct senders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_read_stops_with_operation_cancelled()
    {
        var path = WhatsAppTestFiles.Fixture("WhatsApp Chat mit Jane Doe.txt");
        var source = new EvidenceSource(path, "x.txt", new FileInfo(path).Length, new string('0', 64), WhatsAppTextReader.FormatName);
        var context = new ReadContext(source, CaseSettings.Default);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new WhatsAppTextReader().ReadAsync(source, context, cts.Token))
            {
            }
        });
    }

    [Fact]
    public async Task A_missing_file_is_reported_not_thrown()
    {
        var path = _dir.Combine("gone.txt");
        var source = new EvidenceSource(path, "gone.txt", 0, new string('0', 64), WhatsAppTextReader.FormatName);
        var context = new ReadContext(source, CaseSettings.Default);
        var count = 0;

        await foreach (var _ in new WhatsAppTextReader().ReadAsync(source, context, CancellationToken.None))
        {
            count++;
        }

        Assert.Equal(0, count);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("cannot open", StringComparison.Ordinal));
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, ReadOnlySpan<byte> c) => [.. a, .. b, .. c];

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
