using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers;
using EvidencePipe.Readers.Email;
using EvidencePipe.Readers.VCard;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;
using EvidencePipe.TestSupport;
using EvidencePipe.Time;

namespace EvidencePipe.Synthesis.Tests;

public sealed partial class CaseSynthesizerTests
{
    private static readonly CaseSettings OwnerSettings = new(
        new CaseTimeZone("Europe/London"), PhoneRegion.Default,
        new HashSet<string>(StringComparer.Ordinal) { "email:" + CaseSynthesizer.OwnerEmail, "tel:" + CaseSynthesizer.OwnerNumber });

    [Fact]
    public void The_same_seed_writes_byte_identical_files()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var ra = new CaseSynthesizer(7).Write(a.Path, 2000);
        new CaseSynthesizer(7).Write(b.Path, 2000);
        Assert.Equal(6, ra.Files.Count);
        Assert.Equal(Listing(a.Path), Listing(b.Path));
        foreach (var file in ra.Files)
        {
            Assert.Equal(Hash(a.Combine(file)), Hash(b.Combine(file)));
        }
    }

    [Fact]
    public void Another_seed_writes_a_different_case()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        new CaseSynthesizer(1).Write(a.Path, 500);
        new CaseSynthesizer(2).Write(b.Path, 500);
        Assert.NotEqual(Hash(a.Combine("sms-20240430.xml")), Hash(b.Combine("sms-20240430.xml")));
        Assert.NotEqual(Hash(a.Combine(CaseSynthesizer.MailboxFile)), Hash(b.Combine(CaseSynthesizer.MailboxFile)));
    }

    [Fact]
    public void The_requested_number_of_events_is_written_and_every_file_holds_what_the_result_says()
    {
        using var dir = new TempDirectory();
        var result = new CaseSynthesizer(3).Write(dir.Path, 1234);
        Assert.Equal(1234, result.Events);
        Assert.True(result.Emails > 0);
        Assert.Equal(["WhatsApp Chat with Jordan.txt", "WhatsApp Chat with Sam.txt", "calls-20240430.xml", "contacts.vcf", CaseSynthesizer.MailboxFile, "sms-20240430.xml"], Listing(dir.Path));
        var counted = CountInFiles(dir);
        Assert.Equal((result.Messages, result.Calls, result.ChatMessages, result.Emails), counted);
    }

    [Theory]
    [InlineData("mbox", 20000)]
    [InlineData("sms,calls,whatsapp,vcard", 5000)]
    [InlineData("whatsapp", 777)]
    [InlineData("CALLS, mbox", 1001)]
    [InlineData("sms,sms", 10)]
    public void A_formats_subset_gets_exactly_the_requested_events_and_only_its_files(string list, int events)
    {
        using var dir = new TempDirectory();
        var formats = SynthFormatList.Parse(list);
        var result = new CaseSynthesizer(11).Write(dir.Path, events, formats);

        Assert.Equal(events, result.Events);
        var expectedFiles = new List<string>();
        if (formats.HasFlag(SynthFormats.Sms))
        {
            expectedFiles.Add("sms-20240430.xml");
        }

        if (formats.HasFlag(SynthFormats.Calls))
        {
            expectedFiles.Add("calls-20240430.xml");
        }

        if (formats.HasFlag(SynthFormats.WhatsApp))
        {
            expectedFiles.AddRange(["WhatsApp Chat with Jordan.txt", "WhatsApp Chat with Sam.txt"]);
        }

        if (formats.HasFlag(SynthFormats.Mbox))
        {
            expectedFiles.Add(CaseSynthesizer.MailboxFile);
        }

        if (formats.HasFlag(SynthFormats.VCard))
        {
            expectedFiles.Add("contacts.vcf");
        }

        Assert.Equal(expectedFiles.Order(StringComparer.Ordinal), Listing(dir.Path));
        Assert.Equal(expectedFiles, result.Files);

        var (sms, calls, chats, emails) = CountInFiles(dir);
        Assert.Equal((result.Messages, result.Calls, result.ChatMessages, result.Emails), (sms, calls, chats, emails));
        Assert.Equal(events, sms + calls + chats + emails);
    }

    [Theory]
    [InlineData("vcard")]
    [InlineData("")]
    [InlineData("sms,maildir")]
    public void A_formats_list_without_an_event_format_or_with_an_unknown_name_is_refused(string list)
    {
        Assert.Throws<FormatException>(() => SynthFormatList.Parse(list));
    }

    [Fact]
    public void Writing_only_the_address_book_is_refused()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => new CaseSynthesizer(1).Write(dir.Path, 100, SynthFormats.VCard));
    }

    [Fact]
    public async Task Every_generated_message_is_recognised_and_read_by_our_mbox_reader_with_no_diagnostics()
    {
        using var dir = new TempDirectory();
        var result = new CaseSynthesizer(1).Write(dir.Path, 3000);
        var path = dir.Combine(CaseSynthesizer.MailboxFile);
        Assert.Equal(EmailFormats.Mbox, ReaderCatalog.CreateRegistry().Identify(ReaderHarness.Head(path))?.Format);

        var (records, context) = await ReaderHarness.ReadAllAsync(new MboxReader(), path, OwnerSettings);

        Assert.Empty(context.Diagnostics);
        Assert.Equal(0, context.Recovered);
        Assert.Equal(0, context.Skipped);
        var events = records.OfType<EventRecord>().Select(r => r.Event).ToList();
        Assert.Equal(result.Emails, events.Count);
        Assert.True(events.Count > 200);
        Assert.All(events, e =>
        {
            Assert.Equal(EventKind.Email, e.Kind);
            Assert.NotEqual(Direction.Unknown, e.Direction);
            Assert.False(string.IsNullOrWhiteSpace(e.Subject));
            Assert.False(string.IsNullOrWhiteSpace(e.Text));
            Assert.Equal(TimeBasis.ExplicitOffset, e.Time.Basis);
        });

        // Message-IDs are unique, and every reply's In-Reply-To names a message earlier in the mailbox.
        Assert.Equal(events.Count, events.Select(e => e.MessageId).Distinct(StringComparer.Ordinal).Count());
        var raw = await File.ReadAllTextAsync(path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var replies = 0;
        foreach (Match m in HeaderField().Matches(raw))
        {
            if (string.Equals(m.Groups["name"].Value, "Message-ID", StringComparison.OrdinalIgnoreCase))
            {
                seen.Add(m.Groups["value"].Value);
            }
            else
            {
                replies++;
                Assert.Contains(m.Groups["value"].Value, seen);
            }
        }

        Assert.True(replies > 50);

        // Every person in the case writes and is written to, under their own address.
        foreach (var persona in CaseSynthesizer.Personas)
        {
            var id = "email:" + persona.Email;
            Assert.Contains(events, e => e.From == id && e.Direction == Direction.Incoming);
            Assert.Contains(events, e => e.To.Contains(id) && e.Direction == Direction.Outgoing);
        }

        // The planted pattern carries over: the stalker's mail threatens after the rise, nobody else's does.
        Assert.Contains(events, e => e.From == "email:jordan.blake@example.com" && e.Time.Utc > new DateTimeOffset(2024, 3, 20, 0, 0, 0, TimeSpan.Zero)
            && (e.Text!.Contains("I will hurt you", StringComparison.Ordinal) || e.Text.Contains("outside your house", StringComparison.Ordinal)));
        Assert.DoesNotContain(events, e => e.Direction == Direction.Incoming && e.From != "email:jordan.blake@example.com" && e.Text!.Contains("hurt you", StringComparison.Ordinal));

        // Some messages are multipart/alternative with an HTML part, some quoted-printable, some carry encoded-word
        // subjects (field names, charset labels and the encoding letter are case-insensitive: RFC 5322 §1.2.2, RFC 2047 §2).
        Assert.Contains("Content-Type: multipart/alternative;", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Type: text/html; charset=utf-8", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(EncodedWordSubject(), raw);
        Assert.Contains(events, e => e.Subject!.EndsWith("Tickets booked 🎉", StringComparison.Ordinal) || e.Subject.EndsWith("Zoë's leaving do", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Text!.Contains("£42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Date_fields_carry_the_Europe_London_offset_of_their_instant_across_the_clocks_going_forward()
    {
        using var dir = new TempDirectory();
        new CaseSynthesizer(4).Write(dir.Path, 6000, SynthFormats.Mbox);
        var path = dir.Combine(CaseSynthesizer.MailboxFile);
        var raw = await File.ReadAllTextAsync(path);

        // BST began on 31 March 2024 at 01:00 UTC (the last Sunday of March): +0000 before, +0100 from then on.
        var change = new DateTimeOffset(2024, 3, 31, 1, 0, 0, TimeSpan.Zero);
        var dates = new List<DateTimeOffset>();
        foreach (Match m in DateField().Matches(raw))
        {
            var local = DateTime.ParseExact(m.Groups["local"].Value, "ddd, d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
            var sign = m.Groups["offset"].Value[0] == '-' ? -1 : 1;
            var offset = sign * new TimeSpan(int.Parse(m.Groups["offset"].Value[1..3], CultureInfo.InvariantCulture), int.Parse(m.Groups["offset"].Value[3..], CultureInfo.InvariantCulture), 0);
            var value = new DateTimeOffset(local, offset);
            Assert.Equal(value.UtcDateTime >= change.UtcDateTime ? TimeSpan.FromHours(1) : TimeSpan.Zero, offset);
            dates.Add(value);
        }

        Assert.Equal(6000, dates.Count);
        Assert.Contains(dates, d => d.UtcDateTime.Date == new DateTime(2024, 3, 31) && d.UtcDateTime >= change.UtcDateTime && d.Offset == TimeSpan.FromHours(1));
        Assert.Contains(dates, d => d.UtcDateTime.Date == new DateTime(2024, 3, 30) && d.Offset == TimeSpan.Zero);

        // Our reader turns each Date into the same instant.
        var (records, context) = await ReaderHarness.ReadAllAsync(new MboxReader(), path, OwnerSettings);
        Assert.Empty(context.Diagnostics);
        Assert.Equal(dates.Select(d => d.UtcDateTime), records.OfType<EventRecord>().Select(r => r.Event.Time.Utc.UtcDateTime));
    }

    [Fact]
    public async Task Mboxrd_quoting_round_trips_through_our_reader()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("quoting.mbox");
        string[] bodies =
        [
            "From here on it is quoted.\n>From one level\n>>From two levels\n",
            "From someone@example.com Mon Jan  1 00:00:00 2024\nlooks like a separator but is body text\n",
            "From\nFromage is not quoted, nor is \" From \" mid-line\n From with a leading space\n",
            ">>>From three levels, and a last line without a newline",
        ];
        using (var writer = new MboxWriter(path))
        {
            for (var i = 0; i < bodies.Length; i++)
            {
                writer.Write("sender@example.com", new DateTimeOffset(2024, 1, 1 + i, 12, 0, 0, TimeSpan.Zero),
                    $"Message-ID: <q{i}@example.com>\nDate: Mon, {1 + i} Jan 2024 12:00:00 +0000\nFrom: Sender <sender@example.com>\nTo: alex@example.org\nSubject: q{i}\n\n{bodies[i]}");
            }
        }

        var raw = await File.ReadAllTextAsync(path);
        Assert.Equal(4, raw.Split('\n').Count(l => l.StartsWith("From sender@example.com ", StringComparison.Ordinal)));
        Assert.Contains("\n>From here on it is quoted.\n>>From one level\n>>>From two levels\n", raw, StringComparison.Ordinal);
        Assert.Contains("\n>From someone@example.com Mon Jan  1 00:00:00 2024\n", raw, StringComparison.Ordinal);
        Assert.Contains("\nFrom\nFromage", raw, StringComparison.Ordinal);
        Assert.Contains("\n From with a leading space\n", raw, StringComparison.Ordinal);
        Assert.Contains("\n>>>>From three levels", raw, StringComparison.Ordinal);

        var (records, context) = await ReaderHarness.ReadAllAsync(new MboxReader(), path);
        Assert.Empty(context.Diagnostics);
        var texts = records.OfType<EventRecord>().Select(r => r.Event.Text).ToList();
        Assert.Equal(bodies.Select(b => b.TrimEnd('\n')), texts.Select(t => t?.TrimEnd('\n')));
    }

    [Fact]
    public async Task The_generated_mailbox_quotes_every_body_From_line_and_our_reader_restores_them()
    {
        using var dir = new TempDirectory();
        var result = new CaseSynthesizer(1).Write(dir.Path, 20000, SynthFormats.Mbox);
        var path = dir.Combine(CaseSynthesizer.MailboxFile);
        var lines = (await File.ReadAllTextAsync(path)).Split('\n');

        // Only the separators start with "From ": each follows the blank line that ends a message (RFC 4155).
        var separators = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("From ", StringComparison.Ordinal)).ToList();
        Assert.Equal(result.Emails, separators.Count);
        Assert.All(separators.Skip(1), i => Assert.Equal(string.Empty, lines[i - 1]));
        Assert.Contains(lines, l => l.StartsWith(">From next week", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(">>From next week", StringComparison.Ordinal)); // Priya's '>' quoting of Alex's line

        var (records, context) = await ReaderHarness.ReadAllAsync(new MboxReader(), path, OwnerSettings);
        Assert.Empty(context.Diagnostics);
        var texts = records.OfType<EventRecord>().Select(r => r.Event.Text!).ToList();
        Assert.Equal(result.Emails, texts.Count);
        Assert.Contains(texts, t => t.Contains("\nFrom next week I'm on the late shift", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("\n>From next week I'm on the late shift", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains(">>From", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_address_book_ties_each_persons_email_address_to_their_number()
    {
        using var dir = new TempDirectory();
        new CaseSynthesizer(1).Write(dir.Path, 100, SynthFormats.Sms | SynthFormats.VCard);
        var (records, context) = await ReaderHarness.ReadAllAsync(new VCardReader(), dir.Combine("contacts.vcf"));
        Assert.Empty(context.Diagnostics);
        var cards = records.OfType<ContactRecord>().Select(r => r.Card).ToList();
        Assert.Equal(CaseSynthesizer.Personas.Count, cards.Count);
        foreach (var persona in CaseSynthesizer.Personas)
        {
            var card = Assert.Single(cards, c => c.Name == persona.FullName);
            Assert.Contains("tel:" + persona.E164, card.Identifiers);
            Assert.Contains("email:" + persona.Email, card.Identifiers);
        }
    }

    [Fact]
    public void The_stalkers_contact_rises_from_the_onset_day()
    {
        using var dir = new TempDirectory();
        new CaseSynthesizer(5).Write(dir.Path, 20000, SynthFormats.Calls);
        var stalker = CaseSynthesizer.Personas.Single(p => p.Stalker);
        var days = File.ReadLines(dir.Combine("calls-20240430.xml"))
            .Where(l => l.Contains($"number=\"{stalker.AsStored}\"", StringComparison.Ordinal))
            .Select(l => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(CallDate().Match(l).Groups[1].Value, CultureInfo.InvariantCulture)))
            .Select(t => (t.UtcDateTime.Date - new DateTime(2024, 1, 1)).Days)
            .ToList();

        // Weight 1 a day before the onset, rising linearly to 12: the last 30 days hold far more than the first 30.
        var first = days.Count(d => d < 30);
        var last = days.Count(d => d >= CaseSynthesizer.Days - 30);
        Assert.InRange(last / (double)first, 6.0, 12.0);
    }

    [Fact]
    public void The_From_line_date_is_asctime_in_UTC_as_RFC_4155_requires()
    {
        var summer = new DateTimeOffset(2024, 4, 2, 9, 5, 7, TimeSpan.FromHours(1));
        Assert.Equal("Tue Apr  2 08:05:07 2024", MailEncoding.AscTime(summer));
        Assert.Equal("Thu Apr 11 08:05:07 2024", MailEncoding.AscTime(summer.AddDays(9)));
    }

    [Fact]
    public async Task CPython_reads_every_generated_message_as_our_reader_does()
    {
        // The mailbox is written by MimeKit and read by MimeKit, so the oracle is CPython's email package
        // (policy.default) after undoing mboxrd quoting (RFC 4155 Appendix: one '>' off a line '^>+From ').
        using var dir = new TempDirectory();
        var result = new CaseSynthesizer(3).Write(dir.Path, 3000, SynthFormats.Mbox);
        var path = dir.Combine(CaseSynthesizer.MailboxFile);
        var (records, context) = await ReaderHarness.ReadAllAsync(new MboxReader(), path, OwnerSettings);
        Assert.Empty(context.Diagnostics);
        var ours = records.OfType<EventRecord>().Select(r => r.Event).ToList();

        var cpython = ReadWithPython(path);

        Assert.Equal(result.Emails, cpython.Count);
        Assert.Equal(cpython.Count, ours.Count);
        Assert.Contains(cpython, m => m.GetProperty("qp").GetBoolean());
        Assert.Contains(cpython, m => m.GetProperty("subject").GetString()!.Any(c => c > 127));
        for (var i = 0; i < ours.Count; i++)
        {
            var expected = cpython[i];
            Assert.Equal(expected.GetProperty("message_id").GetString(), ours[i].MessageId);
            Assert.Equal(expected.GetProperty("subject").GetString(), ours[i].Subject);
            Assert.Equal("email:" + expected.GetProperty("from").GetString(), ours[i].From);
            Assert.Equal(DateTimeOffset.Parse(expected.GetProperty("date").GetString()!, CultureInfo.InvariantCulture), ours[i].Time.Utc);
            Assert.Equal(expected.GetProperty("body").GetString()!.TrimEnd('\n'), ours[i].Text!.TrimEnd('\n'));
        }
    }

    /// <summary>Each message as CPython reads it: Message-ID in its brackets, subject, sender address, UTC date, plain body.</summary>
    private static List<System.Text.Json.JsonElement> ReadWithPython(string path)
    {
        const string Script = """
            import email, email.policy, json, re, sys
            data = open(sys.argv[1], 'rb').read().decode('utf-8')
            out = []
            for chunk in re.split(r'(?m)^From [^\n]*\n', data)[1:]:
                chunk = chunk[:-1] if chunk.endswith('\n\n') else chunk  # the empty line that ends each message
                chunk = re.sub(r'(?m)^>(>*From )', r'\1', chunk)
                m = email.message_from_bytes(chunk.encode('utf-8'), policy=email.policy.default)  # bytes: 8bit parts decode by their charset
                body = m.get_body(('plain',))
                out.append({'message_id': m['Message-ID'].strip(), 'subject': str(m['Subject']),
                            'from': m['From'].addresses[0].addr_spec.lower(),
                            'date': m['Date'].datetime.astimezone(__import__('datetime').timezone.utc).isoformat(),
                            'qp': any(p.get('Content-Transfer-Encoding', '') == 'quoted-printable' for p in m.walk()),
                            'body': body.get_content()})
            print(json.dumps(out))
            """;
        var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error.Result);
        return [.. System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray()];
    }

    /// <summary>Each file's records counted off the raw bytes: XML elements, chat lines after the notice, From_ lines.</summary>
    private static (int Sms, int Calls, int Chats, int Emails) CountInFiles(TempDirectory dir)
    {
        var sms = File.Exists(dir.Combine("sms-20240430.xml")) ? File.ReadAllText(dir.Combine("sms-20240430.xml")).Split("<sms ").Length - 1 : 0;
        var calls = File.Exists(dir.Combine("calls-20240430.xml")) ? File.ReadAllText(dir.Combine("calls-20240430.xml")).Split("<call ").Length - 1 : 0;
        var chats = Directory.GetFiles(dir.Path, "WhatsApp Chat with *.txt").Sum(f => File.ReadLines(f).Count() - 1);
        var emails = File.Exists(dir.Combine(CaseSynthesizer.MailboxFile))
            ? File.ReadLines(dir.Combine(CaseSynthesizer.MailboxFile)).Count(l => l.StartsWith("From ", StringComparison.Ordinal))
            : 0;
        return (sms, calls, chats, emails);
    }

    private static List<string> Listing(string path) =>
        [.. Directory.GetFiles(path).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [GeneratedRegex(@"^(?<name>Message-ID|In-Reply-To): (?<value><[^>]+>)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex HeaderField();

    [GeneratedRegex(@"^Date: (?<local>.+) (?<offset>[+-]\d{4})$", RegexOptions.Multiline)]
    private static partial Regex DateField();

    [GeneratedRegex(@"(?im)^Subject: .*=\?utf-8\?[bq]\?")]
    private static partial Regex EncodedWordSubject();

    [GeneratedRegex(@" date=""(\d+)""")]
    private static partial Regex CallDate();
}
