using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;
using static EvidencePipe.Readers.Tests.Ocr.OcrTestFiles;

namespace EvidencePipe.Readers.Tests.Ocr;

/// <summary>
/// Generated WhatsApp Android screenshots (tools/make_ocr_screenshots.py) read by the real tesseract:
/// the messages, sides and times drawn (expected.json) must come back as one event per bubble.
/// </summary>
public sealed class ChatScreenshotSplitterTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData(Chat, "whatsapp")]
    [InlineData(IMessageChat, "imessage")]
    public async Task A_chat_screenshot_is_split_into_one_message_per_bubble_with_sender_side_and_visible_time(string file, string channel)
    {
        var expected = Expected(file);
        var settings = CaseSettings.Default with { Owners = new HashSet<string>(StringComparer.Ordinal) { "name:Alex" } };
        var (events, context) = await ReadAsync(Fixture(file), Engine(), settings);

        var messages = events.Where(e => e.Kind == EventKind.Message).ToList();
        var drawn = expected.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(drawn.Count, messages.Count);
        var partner = "name:" + expected.GetProperty("partner").GetString();
        var date = DateOnly.Parse(expected.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < drawn.Count; i++)
        {
            var outgoing = drawn[i].GetProperty("side").GetString() == "out";
            // WhatsApp prints a time in every bubble; iMessage one stamp above them all.
            var shown = drawn[i].TryGetProperty("time", out var own) ? own : expected.GetProperty("time");
            var wallClock = date.ToDateTime(TimeOnly.Parse(shown.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(outgoing ? Direction.Outgoing : Direction.Incoming, messages[i].Direction);
            Assert.Equal(outgoing ? "name:Alex" : partner, messages[i].From);
            Assert.Equal(outgoing ? [partner] : ["name:Alex"], messages[i].To);
            Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(wallClock, London), messages[i].Time.Utc.UtcDateTime);
            Assert.Equal(channel, messages[i].Channel);
            Assert.StartsWith("bubble ", messages[i].Source.Locator, StringComparison.Ordinal);
            Assert.StartsWith("ocr · confidence ", messages[i].Subject, StringComparison.Ordinal);
            Assert.Equal(Words(drawn[i].GetProperty("text").GetString()!), Words(messages[i].Text!), StringComparer.OrdinalIgnoreCase);
        }

        Assert.Equal(context.Source.Sha256, Assert.Single(messages.Select(m => m.Source.Sha256).Distinct()));
        Assert.Single(events, e => e.Kind == EventKind.Media); // the image itself is still one media event
    }

    [Fact]
    public async Task A_screenshot_of_no_chat_layout_becomes_one_text_event_marked_ocr()
    {
        var (events, _) = await ReadAsync(Fixture(Note), Engine());

        var text = Assert.Single(events, e => e.Source.Locator == "file ocr");
        Assert.Equal(EventKind.Media, text.Kind);
        Assert.Equal("screenshot", text.Channel);
        var lines = Expected(Note).GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(lines.SelectMany(Words), Words(text.Text!));
        Assert.Matches(@"^ocr · confidence \d+%$", text.Subject);
    }

    [Fact]
    public void Bubbles_on_the_left_are_incoming_and_on_the_right_outgoing_from_their_x_position()
    {
        // A hand-made page, 700 px wide: header, date chip, a left bubble and a right bubble with times.
        OcrLine Line(int left, int top, params string[] words) =>
            new(words.Select((w, i) => new OcrWord(w, 95, new OcrBox(left + (i * 60), top, 50, 20))).ToList());
        var page = new OcrPage(
        [
            Line(90, 40, "Sam"),
            Line(290, 120, "YESTERDAY"),
            Line(30, 200, "where", "are", "you"),
            Line(150, 240, "21:14"),
            Line(480, 320, "at", "home", "21:20"),
        ], 700, 900);

        var chat = ChatScreenshotSplitter.Split(page, new DateOnly(2024, 5, 2))!;

        Assert.Equal("Sam", chat.Partner);
        Assert.Collection(chat.Bubbles,
            b => Assert.Equal((false, "where are you", new DateOnly(2024, 5, 1), new TimeOnly(21, 14)), (b.Outgoing, b.Text, b.Date!.Value, b.Time!.Value)),
            b => Assert.Equal((true, "at home", new DateOnly(2024, 5, 1), new TimeOnly(21, 20)), (b.Outgoing, b.Text, b.Date!.Value, b.Time!.Value)));
    }

    private static string[] Words(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
