using System.Text;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>
/// The edges of the header grammar (optional parts, markers, dashes, missing bodies) and lines that
/// cross or exceed the reader's 64 KiB read buffer: the places where a hand-written header parser
/// or a buffer-reusing line reader could drift from the specification.
/// </summary>
public sealed class WhatsAppTextReaderGrammarEdgeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Optional_parts_of_a_header_are_each_read()
    {
        var text =
            "13/02/2023, 9:05 p. m. - Ana: spaced marker\n" +
            "13/02/2023, 9:06pm \u2013 Ana: en dash, marker without a space\n" +
            "[13/02/2023, 09:07:08]Ana: bracket without a space\n" +
            "13.02.23. 10:00 - Ana: year followed by a dot\n" +
            "2023-02-13, 10:01 - Ana: year first\n" +
            "13/02/2023 10:02 - Ana: no comma\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ana.txt", text);

        Assert.Equal(new DateTime(2023, 2, 13, 21, 5, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal("spaced marker", events.At(1).Text);
        Assert.Equal(new DateTime(2023, 2, 13, 21, 6, 0), events.At(2).Time.Local.DateTime);
        Assert.Equal("en dash, marker without a space", events.At(2).Text);
        Assert.Equal(new DateTime(2023, 2, 13, 9, 7, 8), events.At(3).Time.Local.DateTime);
        Assert.Equal("bracket without a space", events.At(3).Text);
        Assert.Equal(new DateTime(2023, 2, 13, 10, 0, 0), events.At(4).Time.Local.DateTime);
        Assert.Equal(new DateTime(2023, 2, 13, 10, 1, 0), events.At(5).Time.Local.DateTime);
        Assert.Equal(new DateTime(2023, 2, 13, 10, 2, 0), events.At(6).Time.Local.DateTime);
        Assert.All(events, e => Assert.Equal("name:Ana", e.From));
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_header_without_a_body_or_without_a_sender_is_a_notice()
    {
        var text =
            "13/02/2023, 10:00 - Ana: first\n" +
            "13/02/2023, 10:01 -\n" +
            "13/02/2023, 10:02 - Ana left\n";

        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ana.txt", text);

        Assert.Equal(["line 1", "line 2", "line 3"], events.Select(e => e.Source.Locator));
        Assert.Null(events.At(2).From);
        Assert.Equal(string.Empty, events.At(2).Text);
        Assert.Null(events.At(3).From);
        Assert.Equal("Ana left", events.At(3).Text);
    }

    [Fact]
    public async Task Text_shaped_almost_like_a_header_stays_with_the_message_before_it()
    {
        var text =
            "13/02/2023, 10:00 - Ana: first\n" +
            "13/02/20234, 10:01 - Ana: a five-digit year\n" +
            "13/02/2023, 100:01 - Ana: a three-digit hour\n" +
            "13/02/2023, 10:011 - Ana: a three-digit minute\n" +
            "13/02/2023, 10:01 -Ana: no space after the dash\n" +
            "[13/02/2023, 10:01 - Ana: an unclosed bracket\n";

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ana.txt", text);

        var only = Assert.Single(events);
        Assert.Equal(text.TrimEnd('\n')["13/02/2023, 10:00 - Ana: ".Length..], only.Text);
        Assert.DoesNotContain(context.Diagnostics, d => d.Severity != DiagnosticSeverity.Note);
    }

    [Fact]
    public async Task Twelve_hour_markers_that_cannot_be_twelve_hour_times_are_named_in_the_reason()
    {
        var text =
            "13/02/2023, 10:00 - Ana: first\n" +
            "13/02/2023, 13:05 p. m. - Ana: never\n" +
            "13/02/2023, 0:05 nachm. - Ana: never\n" +
            "13/02/2023, 23:60 - Ana: never\n";

        var (_, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ana.txt", text);

        var reasons = context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Skipped).Select(d => (d.Locator, d.Reason)).ToList();
        Assert.Equal(3, reasons.Count);
        Assert.Equal("line 2", reasons[0].Locator);
        Assert.Contains("hour 13 with the 12-hour marker 'p. m.'", reasons[0].Reason, StringComparison.Ordinal);
        Assert.Equal("line 3", reasons[1].Locator);
        Assert.Contains("hour 0 with the 12-hour marker 'nachm.'", reasons[1].Reason, StringComparison.Ordinal);
        Assert.Equal("line 4", reasons[2].Locator);
        Assert.Contains("time 23:60:00 is out of range", reasons[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_that_cross_or_exceed_the_read_buffer_are_read_whole()
    {
        // Message lengths chosen so line ends fall on both sides of the 64 KiB read-buffer edges, one
        // line is longer than the buffer, and multi-byte characters straddle an edge.
        int[] lengths = [10, 65_000, 600, 70_000, 1, 200_000, 131_000, 5];
        var text = new StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < lengths.Length; i++)
        {
            var body = string.Concat(Enumerable.Repeat(i % 2 == 0 ? "ab" : "ü😃", lengths[i] / 2 + 1))[..lengths[i]];
            if (char.IsHighSurrogate(body[^1]))
            {
                body = body[..^1];
            }

            expected.Add(body);
            text.Append(CultureInvariant($"13/02/2023, 10:{i:00} - Ana: ")).Append(body).Append(i % 3 == 0 ? "\r\n" : "\n");
        }

        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Ana.txt", text.ToString());

        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(CultureInvariant($"line {i + 1}"), events[i].Source.Locator);
            Assert.Equal(expected[i], events[i].Text);
        }

        Assert.Empty(context.Diagnostics);
    }

    private static string CultureInvariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
