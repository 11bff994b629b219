using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.SmsBackup;

/// <summary>Damaged and malicious input: nothing may escape the reader, and nothing may vanish unreported.</summary>
public sealed class SmsBackupReaderHostileInputTests : IDisposable
{
    private readonly SmsBackupReader _reader = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Given_a_real_file_cut_mid_record_Then_complete_records_are_kept_and_the_cut_is_reported()
    {
        var original = await File.ReadAllBytesAsync(SbrTestFiles.Fixture("sms_small.xml"));
        var cut = original[..2000];
        var path = Write("truncated.xml", cut);
        // Every <sms> in sms_small.xml is self-closing: the complete ones are the "/>" in the prefix.
        var complete = CountOf(Encoding.UTF8.GetString(cut), "/>");

        var (events, context) = await SbrTestFiles.ReadAsync(_reader, path);

        Assert.True(complete >= 4);
        Assert.Equal(complete, events.Count);
        Assert.Equal("Body text 1", events[0].Text);
        var damage = Assert.Single(context.Of(DiagnosticSeverity.Skipped));
        Assert.StartsWith("line ", damage.Locator, StringComparison.Ordinal);
        Assert.Contains("rest of file not read", damage.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_an_mms_cut_inside_its_base64_Then_the_message_is_kept_as_recovered_without_the_part()
    {
        var text = await File.ReadAllTextAsync(SbrTestFiles.Fixture("sample_mms.xml"));
        var path = Write("cut_mms.xml", Encoding.UTF8.GetBytes(text[..text.IndexOf("AAAADUlEQVR", StringComparison.Ordinal)]));

        var (events, context) = await SbrTestFiles.ReadAsync(_reader, path);

        var e = Assert.Single(events);
        Assert.Equal("mms[1] line 5", e.Source.Locator);
        Assert.Equal("tel:+15550000003", e.From);
        Assert.Empty(e.Attachments);
        Assert.Null(e.Text);
        Assert.Equal("mms[1] line 5", Assert.Single(context.Of(DiagnosticSeverity.Recovered)).Locator);
        Assert.Single(context.Of(DiagnosticSeverity.Skipped));
    }

    [Fact]
    public async Task Random_bytes_yield_no_events_and_a_diagnostic()
    {
        var bytes = new byte[64 * 1024];
        new Random(424242).NextBytes(bytes);

        var (events, context) = await SbrTestFiles.ReadAsync(_reader, Write("random.bin", bytes));

        Assert.Empty(events);
        Assert.NotEmpty(context.Of(DiagnosticSeverity.Skipped));
    }

    [Fact]
    public async Task A_zero_byte_file_yields_no_events_and_a_diagnostic()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, Write("zero.xml", []));

        Assert.Empty(events);
        Assert.Single(context.Of(DiagnosticSeverity.Skipped));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_body_costs_one_character_and_is_reported()
    {
        var bytes = await File.ReadAllBytesAsync(SbrTestFiles.Fixture("sms_small.xml"));
        var at = IndexOf(bytes, "Body text 2\""u8) + 4; // the space in "Body text 2"
        bytes[at] = 0xFF;

        var (events, context) = await SbrTestFiles.ReadAsync(_reader, Write("bad_utf8.xml", bytes));

        Assert.Equal(12, events.Count);
        Assert.Equal("Body\uFFFDtext 2", events.At("sms[2] line 5").Text);
        Assert.Equal("sms[2] line 5", Assert.Single(context.Of(DiagnosticSeverity.Recovered)).Locator);
        Assert.Contains(context.Of(DiagnosticSeverity.Note), d => d.Reason.Contains("1 invalid UTF-8", StringComparison.Ordinal));
        Assert.Equal("Body text 3", events.At("sms[3] line 6").Text);
    }

    [Fact]
    public async Task Huge_attributes_on_one_huge_line_are_read_and_attachments_hashed_without_error()
    {
        var payload = new byte[3 * 1024 * 1024 + 1];
        new Random(7).NextBytes(payload);
        var body = new string('x', 5_000_000);
        var xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?><smses count=\"1002\">");
        for (var i = 0; i < 1000; i++)
        {
            xml.Append(Invariant($"<sms address=\"+15550000001\" date=\"{1700000000000 + i}\" type=\"1\" body=\"n{i}\" />"));
        }

        xml.Append("<sms address=\"+15550000001\" date=\"1700000000000\" type=\"1\" body=\"").Append(body).Append("\" />");
        xml.Append("<mms date=\"1700000000000\" msg_box=\"1\" address=\"+15550000001\"><parts><part ct=\"video/mp4\" name=\"big.mp4\" data=\"")
            .Append(Convert.ToBase64String(payload)).Append("\" /></parts></mms></smses>");

        var (events, context) = await SbrTestFiles.ReadAsync(_reader, Write("huge.xml", Encoding.UTF8.GetBytes(xml.ToString())));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(1002, events.Count);
        Assert.Equal("n999", events.At("sms[1000] line 1").Text);
        Assert.Equal(5_000_000, events.At("sms[1001] line 1").Text!.Length);
        var video = Assert.Single(events.At("mms[1] line 1").Attachments);
        Assert.Equal(new Attachment("big.mp4", "video/mp4", payload.Length, Convert.ToHexStringLower(SHA256.HashData(payload))), video);
    }

    [Fact]
    public async Task Billion_laughs_is_not_expanded_and_the_record_before_it_is_kept()
    {
        var watch = Stopwatch.StartNew();
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("billion_laughs.xml"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        var e = Assert.Single(events);
        Assert.Equal("before the bomb", e.Text);
        var damage = Assert.Single(context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("line 16, position 68", damage.Locator);
        Assert.Contains("lol9", damage.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Surrogate_pair_character_references_written_by_sbr_become_one_emoji()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("surrogate_pair_emoji.xml"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal("\U0001F600 smile", events.At("sms[1] line 3").Text);
        Assert.Equal("after", events.At("sms[2] line 4").Text);
    }

    [Fact]
    public async Task Damaged_records_are_recovered_or_skipped_with_a_reason_and_never_dropped_silently()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("messages_edge_cases.xml"));

        // 9 elements: sms[3] has no time and <note> is no record; the other 7 are events.
        Assert.Equal(["sms[1] line 4", "sms[2] line 5", "sms[4] line 7", "sms[5] line 8", "sms[6] line 9", "mms[1] line 10", "mms[2] line 22"], events.Select(e => e.Source.Locator));
        Assert.Equal(["sms[3] line 6", "note[1] line 31"], context.Of(DiagnosticSeverity.Skipped).Select(d => d.Locator));
        Assert.Equal(2, context.Skipped);

        var seconds = events.At("sms[1] line 4");
        Assert.Equal(1700000000000, seconds.Ms());
        Assert.Equal("sms:thread:42", seconds.ThreadId);
        Assert.Equal("Hi", seconds.Subject);
        Assert.Equal("Jordan", seconds.Names["tel:+447700900111"]);
        Assert.Contains(context.Diagnostics, d => d.Locator == "sms[1] line 4" && d.Reason.Contains("seconds", StringComparison.Ordinal));

        Assert.Equal(1700000100000, events.At("sms[2] line 5").Ms()); // from date_sent
        Assert.Contains(context.Diagnostics, d => d.Locator == "sms[2] line 5" && d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("date_sent", StringComparison.Ordinal));

        var failed = events.At("sms[4] line 7");
        Assert.Equal(Direction.Outgoing, failed.Direction);
        Assert.Empty(failed.To);
        Assert.Contains(context.Diagnostics, d => d.Locator == "sms[4] line 7" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("failed", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "sms[4] line 7" && d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("address", StringComparison.Ordinal));

        var group = events.At("sms[5] line 8");
        Assert.Equal(["tel:+447700900111", "tel:+447700900222"], group.To);
        Assert.Equal("Jordan", group.Names["tel:+447700900111"]);
        Assert.Equal("Sam", group.Names["tel:+447700900222"]);

        Assert.Equal(Direction.Unknown, events.At("sms[6] line 9").Direction);
    }

    [Fact]
    public async Task Mms_parts_without_content_wrapped_base64_and_vcards_are_listed_as_attachments()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("messages_edge_cases.xml"));

        var notification = events.At("mms[1] line 10");
        Assert.Equal(Direction.Incoming, notification.Direction); // no msg_box; m_type 130
        Assert.Equal("tel:+447700900111", notification.From);
        Assert.Empty(notification.To); // the To addr is the insert-address-token placeholder
        Assert.Equal("line one\nline two", notification.Text);
        Assert.Equal(
            [new Attachment("photo.jpg", "image/jpeg", 0, null), new Attachment("wrapped.png", "image/png", 70, "6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0")],
            notification.Attachments);
        Assert.Contains(context.Diagnostics, d => d.Locator == "mms[1] line 10" && d.Reason.Contains("part 1 (photo.jpg, image/jpeg)", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "mms[1] line 10" && d.Reason.Contains("m_type 130", StringComparison.Ordinal));

        var sent = events.At("mms[2] line 22");
        Assert.Equal(Direction.Outgoing, sent.Direction);
        Assert.Null(sent.From);
        Assert.Equal(["tel:+447700900222"], sent.To);
        Assert.Equal("Plans", sent.Subject);
        Assert.Null(sent.Text);
        var card = Assert.Single(sent.Attachments);
        Assert.Equal(("card.vcf", "text/x-vcard", 11L), (card.Name, card.MediaType, card.Size));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("BEGIN:VCARD"u8)), card.Sha256);
    }

    [Fact]
    public async Task A_cancelled_read_stops_with_operation_cancelled()
    {
        var path = SbrTestFiles.Fixture("sms_small.xml");
        var source = new EvidenceSource(path, "sms_small.xml", new FileInfo(path).Length, new string('0', 64), SmsBackupFormats.Messages);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _reader.ReadAsync(source, new ReadContext(source, CaseSettings.Default), cts.Token))
            {
            }
        });
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int CountOf(string text, string needle)
    {
        var n = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    private static string Invariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
