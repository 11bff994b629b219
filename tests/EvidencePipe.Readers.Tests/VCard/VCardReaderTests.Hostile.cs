using System.Text;
using EvidencePipe.Readers.VCard;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.VCard.VCardTestSupport;

namespace EvidencePipe.Readers.Tests.VCard;

/// <summary>Damaged and adversarial input: nothing escapes the reader, nothing is lost silently.</summary>
public sealed partial class VCardReaderTests
{
    [Fact]
    public async Task Given_a_2_1_AGENT_with_an_embedded_card_then_the_agent_neither_ends_nor_feeds_the_outer_card()
    {
        var (cards, context) = await ReadAsync(Hostile("agent-nested-21.vcf"));

        Assert.Equal(2, cards.Count);
        Assert.Equal("Alice Boss", cards[0].Name);
        // Bob's TEL belongs to the agent; Alice's EMAIL after the agent's END:VCARD is still hers.
        Assert.Equal(["tel:+447700900001", "email:alice@example.org"], cards[0].Ids());
        Assert.Equal("Carol Next", cards[1].Name);
        Assert.Equal("vcard[2] line 14", cards[1].Source.Locator);
        Assert.Equal(["tel:+447700900003"], cards[1].Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_card_without_FN_N_or_ORG_has_a_null_name_and_a_card_without_numbers_has_no_identifiers()
    {
        var (cards, context) = await ReadAsync(Hostile("no-name-no-identifiers.vcf"));

        Assert.Equal(2, cards.Count);
        Assert.Null(cards[0].Name);
        Assert.Equal(["tel:+447700900004", "email:noname@example.com"], cards[0].Ids());
        Assert.Equal("Dora Nobody", cards[1].Name);
        Assert.Empty(cards[1].Identifiers); // its only TEL is empty
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Properties_before_BEGIN_garbage_lines_and_a_stray_END_are_noted_with_their_line_numbers()
    {
        var (cards, context) = await ReadAsync(Hostile("garbage-and-orphans.vcf"));

        var card = Assert.Single(cards);
        Assert.Equal("Eve Garbage", card.Name);
        Assert.Equal("vcard[1] line 3", card.Source.Locator);
        Assert.Equal(["tel:+447700900005"], card.Ids());
        Assert.Equal(["line 1", "line 2", "line 6", "line 8", "line 10"], context.Diagnostics.Select(d => d.Locator));
        Assert.All(context.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Note, d.Severity));
        Assert.Contains("outside any vCard", context.Diagnostics[0].Reason, StringComparison.Ordinal);
        Assert.Contains("this line is not a content line", context.Diagnostics[2].Reason, StringComparison.Ordinal);
        Assert.Contains("END:VCARD without a BEGIN:VCARD", context.Diagnostics[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Charsets_are_honoured_and_undecodable_values_are_decoded_best_effort_on_record()
    {
        var (cards, context) = await ReadAsync(Hostile("charsets.vcf"));

        Assert.Equal(4, cards.Count);
        Assert.Equal("Jürgen Müller", cards[0].Name); // N;CHARSET=ISO-8859-1 with raw 0xFC bytes
        Assert.Equal(["tel:+447700900006"], cards[0].Ids());
        Assert.Equal("François €uro", cards[1].Name); // QP windows-1252: =E7 ç, =80 €
        Assert.Equal("Renée Unlabelled", cards[2].Name); // raw 0xE9 with no CHARSET: not UTF-8, read as windows-1252
        Assert.Equal("Tanaka", cards[3].Name);

        // Line 17's ORG is Shift_JIS (bytes 93 63 92 86, "田中" per python's shift_jis codec): the
        // code-pages provider decodes it, so only line 12's unlabelled non-UTF-8 value is noted.
        Assert.Equal(["line 12"], context.Diagnostics.Select(d => d.Locator));
        Assert.Contains("not valid UTF-8", context.Diagnostics[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quoted_printable_soft_break_on_the_last_line_does_not_swallow_END_VCARD()
    {
        var (cards, context) = await ReadAsync(Hostile("qp-soft-break-before-end.vcf"));

        Assert.Equal(["Fay Softbreak", "Gus After"], cards.Select(c => c.Name));
        Assert.Equal(["tel:+447700900007"], cards[0].Ids());
        Assert.Equal(0, context.Recovered);
    }

    [Fact]
    public async Task vCard_4_URIs_and_IM_properties_become_identifiers_without_duplicates()
    {
        var (cards, context) = await ReadAsync(Hostile("v4-uris-and-duplicates.vcf"));

        var card = Assert.Single(cards);
        Assert.Equal("Hal Uris", card.Name);
        Assert.Equal(
            [
                "tel:+15555555555", "handle:sip:hal@sip.example.net", "email:hal@example.net",
                "handle:xmpp:hal@jabber.example.org", "handle:aim:halaim", "handle:skype:hal.skype",
            ],
            card.Ids());
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_UTF_8_byte_order_mark_before_the_first_BEGIN_is_ignored()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("bom.vcf");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. "BEGIN:VCARD\r\nFN:Pia Bom\r\nEND:VCARD\r\n"u8]);

        var (cards, context) = await ReadAsync(path);

        Assert.Equal("Pia Bom", Assert.Single(cards).Name);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task An_empty_file_yields_nothing_and_does_not_throw()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("empty.vcf");
        await File.WriteAllBytesAsync(path, []);

        var (cards, context) = await ReadAsync(path);

        Assert.Empty(cards);

        // Issue 8: an empty file is reported, so it cannot pass for an address book that was read.
        var note = Assert.Single(context.Diagnostics);
        Assert.Equal(("file", DiagnosticSeverity.Note), (note.Locator, note.Severity));
    }

    [Fact]
    public async Task Given_a_real_export_cut_mid_card_then_earlier_cards_survive_and_the_cut_card_is_recovered()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("gmail-list.vcf"));
        // Cut just before the second card's EMAIL line: its FN and N arrived, its END did not.
        var cut = Encoding.ASCII.GetString(bytes).IndexOf("EMAIL;TYPE=INTERNET:chrisy55d", StringComparison.Ordinal);
        var path = dir.Combine("cut.vcf");
        await File.WriteAllBytesAsync(path, bytes[..cut]);

        var (cards, context) = await ReadAsync(path, Us);

        Assert.Equal(["Arnold Smith", "Chris Beatle"], cards.Select(c => c.Name));
        Assert.Equal(["email:asmithk@gmail.com"], cards[0].Ids());
        Assert.Empty(cards[1].Identifiers);
        var recovered = Assert.Single(context.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Recovered, recovered.Severity);
        Assert.Equal("vcard[2] line 7", recovered.Locator);
        Assert.Contains("not terminated by END:VCARD", recovered.Reason, StringComparison.Ordinal);
        Assert.Equal(1, context.Recovered);
    }

    [Fact]
    public async Task Given_a_file_cut_inside_the_last_line_then_the_recovery_says_that_line_may_be_short()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("cut-mid-line.vcf");
        await File.WriteAllTextAsync(path, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ida Cut\r\nTEL:07700 90");

        var (cards, context) = await ReadAsync(path);

        var card = Assert.Single(cards);
        Assert.Equal("Ida Cut", card.Name);
        Assert.Equal(["tel:0770090"], card.Ids());
        Assert.Contains("its last line (4) has no line break", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_END_before_the_next_BEGIN_recovers_the_first_card_and_reads_the_second()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("missing-end.vcf");
        await File.WriteAllTextAsync(path, "BEGIN:VCARD\r\nFN:Jo First\r\nTEL:07700 900010\r\nBEGIN:VCARD\r\nFN:Kim Second\r\nEND:VCARD\r\n");

        var (cards, context) = await ReadAsync(path);

        Assert.Equal(["Jo First", "Kim Second"], cards.Select(c => c.Name));
        Assert.Equal(["tel:+447700900010"], cards[0].Ids());
        Assert.Equal(["vcard[1] line 1", "vcard[2] line 4"], cards.Select(c => c.Source.Locator));
        var recovered = Assert.Single(context.Diagnostics);
        Assert.Equal("vcard[1] line 1", recovered.Locator);
        Assert.Contains("before the next BEGIN:VCARD at line 4", recovered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_do_not_throw_and_are_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("random.vcf");
        var bytes = new byte[256 * 1024];
        new Random(20261122).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var (cards, context) = await ReadAsync(path);

        Assert.Empty(cards);
        Assert.NotEmpty(context.Diagnostics);
        Assert.All(context.Diagnostics, d => Assert.StartsWith("line ", d.Locator, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Random_bytes_inside_a_card_cost_only_the_damaged_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("random-inside.vcf");
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        byte[] bytes =
        [
            .. "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lee Noise\r\n"u8, .. noise,
            .. "\r\nTEL:07700 900011\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Max Clean\r\nEND:VCARD\r\n"u8,
        ];
        await File.WriteAllBytesAsync(path, bytes);

        var (cards, context) = await ReadAsync(path);

        Assert.Contains(cards, c => c.Name == "Max Clean");
        Assert.Contains(cards, c => c.Ids().Contains("tel:+447700900011"));
        Assert.NotEmpty(context.Diagnostics);
    }

    [Fact]
    public async Task Invalid_UTF_8_in_a_3_0_card_is_noted_and_the_card_is_kept()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("bad-utf8.vcf");
        byte[] bytes =
        [
            .. "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ren"u8, 0xC3, 0x28, .. "e Broken\r\nEMAIL:nina"u8, 0xFF, .. "@example.com\r\nEND:VCARD\r\n"u8,
        ];
        await File.WriteAllBytesAsync(path, bytes);

        var (cards, context) = await ReadAsync(path);

        var card = Assert.Single(cards);
        Assert.Equal("RenÃ(e Broken", card.Name); // 0xC3 0x28 is not UTF-8; windows-1252 keeps every byte visible
        Assert.Equal(["email:ninaÿ@example.com"], card.Ids());
        Assert.Equal(["line 3", "line 4"], context.Diagnostics.Select(d => d.Locator));
        Assert.All(context.Diagnostics, d => Assert.Contains("not valid UTF-8", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eight_bit_bytes_under_a_US_ASCII_label_are_kept_not_turned_into_question_marks()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ascii-label.vcf");
        await File.WriteAllBytesAsync(path, [.. "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=US-ASCII:Zo"u8, 0xEB, .. " Label\r\nEND:VCARD\r\n"u8]);

        var (cards, context) = await ReadAsync(path);

        Assert.Equal("Zoë Label", Assert.Single(cards).Name);
        var note = Assert.Single(context.Diagnostics);
        Assert.Equal("line 3", note.Locator);
        Assert.Contains("CHARSET=US-ASCII", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_photo_line_is_skipped_and_a_huge_identifier_is_left_out_on_record()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("huge.vcf");
        await using (var stream = File.Create(path))
        {
            await stream.WriteAsync("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola Huge\r\nPHOTO;ENCODING=b;TYPE=JPEG:"u8.ToArray());
            var chunk = Encoding.ASCII.GetBytes(new string('A', 1 << 20));
            for (var i = 0; i < 8; i++)
            {
                await stream.WriteAsync(chunk); // one 8 MiB line
            }

            await stream.WriteAsync("\r\nTEL:07700 900012\r\nEMAIL:"u8.ToArray());
            await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', 200_000) + "@example.com"));
            await stream.WriteAsync("\r\nEND:VCARD\r\n"u8.ToArray());
        }

        var (cards, context) = await ReadAsync(path);

        var card = Assert.Single(cards);
        Assert.Equal("Ola Huge", card.Name);
        Assert.Equal(["tel:+447700900012"], card.Ids());
        var recovered = Assert.Single(context.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Recovered, recovered.Severity);
        Assert.Equal("vcard[1] line 1", recovered.Locator);
        Assert.Contains("EMAIL at line 6", recovered.Reason, StringComparison.Ordinal);
        Assert.Contains("left out", recovered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_line_with_no_line_break_at_all_is_one_note()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("one-line.vcf");
        await File.WriteAllTextAsync(path, new string('z', 3 << 20));

        var (cards, context) = await ReadAsync(path);

        Assert.Empty(cards);
        var note = Assert.Single(context.Diagnostics);
        Assert.Equal("line 1", note.Locator);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        var path = Fixture("John_Doe_IPHONE.vcf");
        var source = new EvidenceSource(path, "John_Doe_IPHONE.vcf", new FileInfo(path).Length, "0", VCardReader.FormatName);
        var context = new ReadContext(source, Gb);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new VCardReader().ReadAsync(source, context, cts.Token))
            {
            }
        });
    }
}
