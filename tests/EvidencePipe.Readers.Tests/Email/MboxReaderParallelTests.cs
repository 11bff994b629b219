using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>
/// The mbox reader parses messages on the thread pool and hands them on in file order. Its output —
/// every record (event ids, locators, text, times, attachments) and every diagnostic, in order — must be
/// the same as parsing every message on the reading thread one after another
/// (<see cref="MboxReader.Serial"/>), whatever the chunk size. Compared on every email fixture put into
/// one mailbox, on every real mailbox fixture as it is, and on a generated mailbox of thousands of
/// messages; the number of messages is checked against an independent count of From_ lines so the
/// comparison is not between two empty outputs.
/// </summary>
public sealed class MboxReaderParallelTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> MailboxFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in EmailFixtureFiles())
        {
            var head = ReaderHarness.Head(path);
            if (new MboxSniffer().Matches(head))
            {
                data.Add(Path.GetRelativePath(EmailTestFiles.Fixture(), path));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MailboxFixtures))]
    public async Task Each_mailbox_fixture_reads_the_same_in_parallel_as_serially(string relative)
    {
        var path = EmailTestFiles.Fixture(relative);

        var serial = await Transcript(MboxReader.Serial(), path);

        Assert.NotEmpty(serial.Events);
        foreach (var chunk in (int[])[1, 3, 32])
        {
            var parallel = await Transcript(new MboxReader(parallel: true, chunk), path);
            Assert.Equal(serial.Events, parallel.Events);
            Assert.Equal(serial.Diagnostics, parallel.Diagnostics);
        }
    }

    [Fact]
    public async Task Every_email_fixture_in_one_mailbox_reads_the_same_in_parallel_as_serially()
    {
        var path = Path.Combine(_temp.Path, "all-fixtures.mbox");
        var singles = WriteAllFixtures(path);

        var serial = await Transcript(MboxReader.Serial(), path);
        var parallel = await Transcript(new MboxReader(parallel: true, 2), path);
        var byDefault = await Transcript(new MboxReader(), path);

        // Every single message is read (an event) or reported (a skipped message) at the From_ line written for it.
        var located = serial.Locators.Concat(serial.DiagnosticLocators).ToHashSet(StringComparer.Ordinal);
        Assert.All(singles, offset => Assert.Contains("mbox byte " + offset.ToString(CultureInfo.InvariantCulture), located));
        Assert.True(serial.Events.Count >= singles.Count / 2, $"{serial.Events.Count} events for {singles.Count} single messages");
        Assert.Equal(serial.Events, parallel.Events);
        Assert.Equal(serial.Diagnostics, parallel.Diagnostics);
        Assert.Equal(serial.Events, byDefault.Events);
        Assert.Equal(serial.Diagnostics, byDefault.Diagnostics);
    }

    [Fact]
    public async Task A_generated_mailbox_of_three_thousand_messages_reads_the_same_in_parallel_as_serially()
    {
        var dir = Path.Combine(_temp.Path, "synth");
        var written = new CaseSynthesizer(7).Write(dir, 3000, SynthFormats.Mbox);
        var path = Path.Combine(dir, CaseSynthesizer.MailboxFile);
        // Independent oracle for the framing: the byte offset of every From_ line (mboxrd: a body line
        // "From " is written ">From ", so every line starting "From " is a separator).
        var bytes = await File.ReadAllBytesAsync(path);
        var offsets = Regex.Matches(Encoding.Latin1.GetString(bytes), "^From ", RegexOptions.Multiline)
            .Select(m => "mbox byte " + m.Index.ToString(CultureInfo.InvariantCulture)).ToList();

        var serial = await Transcript(MboxReader.Serial(), path);
        var parallel = await Transcript(new MboxReader(), path);
        var small = await Transcript(new MboxReader(parallel: true, 1), path);

        Assert.Equal(3000, written.Emails);
        Assert.Equal(offsets, serial.Locators);
        Assert.Equal(serial.Events, parallel.Events);
        Assert.Equal(serial.Diagnostics, parallel.Diagnostics);
        Assert.Equal(serial.Events, small.Events);
        Assert.Equal(serial.Diagnostics, small.Diagnostics);
    }

    /// <summary>Every record as JSON and every diagnostic as "severity locator reason", in the order given.</summary>
    internal static async Task<Transcribed> Transcript(MboxReader reader, string path)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(reader, path);
        return new Transcribed(
            [.. records.Select(r => r is EventRecord e ? JsonSerializer.Serialize(e.Event) : r.ToString() ?? string.Empty)],
            [.. records.OfType<EventRecord>().Select(r => r.Event.Source.Locator)],
            [.. context.Diagnostics.Select(d => $"{d.Severity} {d.Locator} {d.Reason}")],
            [.. context.Diagnostics.Select(d => d.Locator)]);
    }

    internal sealed record Transcribed(List<string> Events, List<string> Locators, List<string> Diagnostics, List<string> DiagnosticLocators);

    private static IEnumerable<string> EmailFixtureFiles() =>
        Directory.GetFiles(EmailTestFiles.Fixture(), "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".json", StringComparison.Ordinal) && !p.EndsWith("LICENSE.txt", StringComparison.Ordinal) && !p.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Every email fixture in one mboxrd mailbox: first each single message (eml, emlx, maildir files)
    /// after a From_ line of its own, its body's From_ lines quoted; then every mailbox fixture as it is.
    /// Returns the offsets of the From_ lines written for the single messages.
    /// </summary>
    internal static List<long> WriteAllFixtures(string path)
    {
        var sniffer = new MboxSniffer();
        var offsets = new List<long>();
        var mailboxes = new List<byte[]>();
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
        foreach (var file in EmailFixtureFiles())
        {
            var bytes = File.ReadAllBytes(file);
            if (sniffer.Matches(bytes.AsSpan(0, Math.Min(bytes.Length, SniffBuffer.HeadLength))))
            {
                mailboxes.Add(bytes);
                continue;
            }

            offsets.Add(output.Position);
            output.Write("From fixture@example.org Mon Jan  1 00:00:00 2024\n"u8);
            var quoted = Regex.Replace(Encoding.Latin1.GetString(bytes), "^(>*From )", ">$1", RegexOptions.Multiline);
            output.Write(Encoding.Latin1.GetBytes(quoted));
            output.Write("\n\n"u8);
        }

        foreach (var bytes in mailboxes)
        {
            output.Write(bytes);
            output.Write("\n\n"u8);
        }

        return offsets;
    }
}
