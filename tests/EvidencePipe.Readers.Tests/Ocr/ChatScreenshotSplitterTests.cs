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

    private static readonly CaseSettings OwnerAlex = CaseSettings.Default with { Owners = new HashSet<string>(StringComparer.Ordinal) { "name:Alex" } };

    [Theory]
    [InlineData(Chat, "whatsapp")]
    [InlineData(IMessageChat, "imessage")]
    [InlineData(GoogleMessagesChat, "sms")]
    [InlineData(DarkChat, "whatsapp")]
    [InlineData(DarkIMessageChat, "imessage")]
    public async Task A_chat_screenshot_is_split_into_one_message_per_bubble_with_sender_side_and_visible_time(string file, string channel)
    {
        var expected = Expected(file);
        var (events, context) = await ReadAsync(Fixture(file), Engine(), OwnerAlex);

        var messages = events.Where(e => e.Kind == EventKind.Message).ToList();
        var drawn = expected.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(drawn.Count, messages.Count);
        var partner = "name:" + expected.GetProperty("partner").GetString();
        for (var i = 0; i < drawn.Count; i++)
        {
            var outgoing = drawn[i].GetProperty("side").GetString() == "out";
            var wallClock = WallClock(expected, drawn[i]);
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
        // A dark-theme image is OCR'd from its converted copy, and every event read from it says so; a light one is read as it is.
        var dark = expected.TryGetProperty("theme", out var theme) && theme.GetString() == "dark";
        Assert.All(messages, m => Assert.Equal(dark, m.Subject!.Contains("converted to inverted greyscale by ImageMagick", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(GroupChat, "whatsapp", "whatsapp-android")]
    [InlineData(IMessageGroupChat, "imessage", "imessage")]
    [InlineData(DarkGroupChat, "whatsapp", "whatsapp-android")]
    [InlineData(DarkIMessageGroupChat, "imessage", "imessage")]
    public async Task A_group_chat_screenshot_attributes_each_incoming_message_to_its_named_sender_and_keeps_the_group_as_the_conversation(string file, string channel, string layout)
    {
        var expected = Expected(file);
        var (events, context) = await ReadAsync(Fixture(file), Engine(), OwnerAlex);

        var messages = events.Where(e => e.Kind == EventKind.Message).ToList();
        var drawn = expected.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(drawn.Count, messages.Count);
        var group = expected.GetProperty("group").GetString()!;
        var everyone = expected.GetProperty("participants").EnumerateArray().Select(p => "name:" + p.GetString()).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < drawn.Count; i++)
        {
            var outgoing = drawn[i].GetProperty("side").GetString() == "out";
            var wallClock = WallClock(expected, drawn[i]);
            var sender = outgoing ? "name:Alex" : "name:" + drawn[i].GetProperty("sender").GetString();
            Assert.Equal(outgoing ? Direction.Outgoing : Direction.Incoming, messages[i].Direction);
            Assert.Equal(sender, messages[i].From);
            // Every other party of the group: the owner and the participants but the sender.
            Assert.Equal(outgoing ? everyone : ["name:Alex", .. everyone.Where(p => p != sender)], messages[i].To);
            Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(wallClock, London), messages[i].Time.Utc.UtcDateTime);
            Assert.Equal(channel, messages[i].Channel);
            Assert.Equal(layout + "-screenshot:group:" + group, messages[i].ThreadId);
            Assert.EndsWith(" · from a " + layout + " group screenshot", messages[i].Subject, StringComparison.Ordinal);
            Assert.Equal(Words(drawn[i].GetProperty("text").GetString()!), Words(messages[i].Text!), StringComparer.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(messages, m => m.From == "name:" + group); // the group's name is the conversation, never a sender
        Assert.DoesNotContain(context.Diagnostics, d => d.Reason.Contains("no sender's name", StringComparison.Ordinal));
        // A dark-theme group is read from its converted copy, and every event read from it says so.
        var dark = expected.TryGetProperty("theme", out var theme) && theme.GetString() == "dark";
        Assert.All(messages, m => Assert.Equal(dark, m.Subject!.Contains("converted to inverted greyscale by ImageMagick", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(GoogleMessagesChat, "google-messages")]
    [InlineData(IMessageChat, "imessage")]
    [InlineData(Chat, "whatsapp-android")]
    public async Task Each_layout_is_named_in_the_subject_and_the_partner_is_the_header_name_without_its_back_arrow(string file, string layout)
    {
        var (events, _) = await ReadAsync(Fixture(file), Engine(), OwnerAlex);

        var messages = events.Where(e => e.Kind == EventKind.Message).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.EndsWith(" · from a " + layout + " screenshot", m.Subject, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.Equal(layout + "-screenshot:name:" + Expected(file).GetProperty("partner").GetString(), m.ThreadId));
    }

    [Fact]
    public void An_avatar_initial_far_from_the_text_is_dropped_but_a_word_I_is_kept()
    {
        // A hand-made Google Messages page, 700 px wide: back arrow + name at the left, a stamp, two incoming
        // bubbles behind an avatar "S" at x 20-36 (text from x 120: a gap of 84 px, over two 20 px line heights),
        // the second starting with the word "I" 10 px before "know" (a word space).
        static OcrWord Word(string text, int left, int top, int width) => new(text, 95, new OcrBox(left, top, width, 20));
        var page = new OcrPage(
        [
            new OcrLine([Word("←", 20, 40, 30), Word("Sam", 90, 40, 60)]),
            new OcrLine([Word("Sunday,", 250, 120, 70), Word("17", 325, 120, 20), Word("March", 350, 120, 50), Word("2024", 405, 120, 40), Word("·", 450, 120, 4), Word("19:02", 460, 120, 50)]),
            new OcrLine([Word("S", 20, 200, 16), Word("where", 120, 200, 50), Word("are", 175, 200, 30), Word("you", 210, 200, 30)]),
            new OcrLine([Word("S", 20, 300, 16), Word("I", 120, 300, 6), Word("know", 136, 300, 40)]),
        ], 700, 900);

        var chat = ChatScreenshotSplitter.Split(page, null)!;

        Assert.Equal(ChatScreenshotSplitter.GoogleMessages, chat.Layout);
        Assert.Equal("Sam", chat.Partner);
        Assert.Equal(["where are you", "I know"], chat.Bubbles.Select(b => b.Text));
        Assert.All(chat.Bubbles, b => Assert.False(b.Outgoing));
        Assert.All(chat.Bubbles, b => Assert.Equal(new TimeOnly(19, 2), b.Time));
    }

    [Theory]
    [InlineData("Sunday, 17 March 2024 · 19:02", 2024, 3, 17, "19:02")]
    [InlineData("Sunday, 17 March 2024 - 19:02", 2024, 3, 17, "19:02")]
    [InlineData("Sun 17 Mar 2024 at 7:02 pm", 2024, 3, 17, "19:02")]
    [InlineData("14 March 2024 23:05", 2024, 3, 14, "23:05")]
    [InlineData("Tuesday, March 12, 2024", 2024, 3, 12, null)]
    public void Stamps_are_read_with_or_without_a_weekday_and_a_separator_before_the_time(string stamp, int y, int m, int d, string? time)
    {
        var parsed = ChatScreenshotSplitter.ParseStamp(stamp, null);

        Assert.Equal((new DateOnly(y, m, d), time is null ? (TimeOnly?)null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), parsed);
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

    /// <summary>
    /// The drawn message's wall-clock time: the expected date and the time shown for it — WhatsApp prints a
    /// time in every bubble; iMessage one stamp above them all; Google Messages a stamp above each run.
    /// </summary>
    private static DateTime WallClock(System.Text.Json.JsonElement expected, System.Text.Json.JsonElement drawn)
    {
        var date = DateOnly.Parse(expected.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var shown = drawn.TryGetProperty("time", out var own) ? own : expected.GetProperty("time");
        return date.ToDateTime(TimeOnly.Parse(shown.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string[] Words(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
