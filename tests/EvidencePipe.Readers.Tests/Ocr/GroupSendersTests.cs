using EvidencePipe.Readers.Ocr;

namespace EvidencePipe.Readers.Tests.Ocr;

/// <summary>Group-chat sender names on hand-made OCR pages, whose boxes are computed here from the font sizes drawn.</summary>
public sealed class GroupSendersTests
{
    // A word box as a 28 px (message) or 20 px (name) sans face draws it: x-height 0.55 em, capitals and
    // ascenders 0.75, descenders 0.22 — the coverage the estimator assumes, worked out by hand per word below.
    private static OcrWord Word(string text, int left, int top, int height) => new(text, 95, new OcrBox(left, top, 12 * text.Length, height));

    private static OcrLine Line(int top, params (string Text, int Height)[] words)
    {
        var left = 40;
        var list = new List<OcrWord>();
        foreach (var (text, height) in words)
        {
            list.Add(Word(text, left, top, height));
            left += (12 * text.Length) + 10;
        }

        return new OcrLine(list);
    }

    [Fact]
    public void A_first_line_the_header_lists_names_the_sender_in_the_headers_spelling_even_in_the_same_type()
    {
        // WhatsApp: "Book Club" over "Jordan Blake, Sam Reid, You"; the bubble's first line in the message's own
        // 28 px type (Jordan 0.85×28 = 24, blake 0.75×28 = 21) and read by OCR with a small b.
        var page = new OcrPage(
        [
            new OcrLine([Word("Book", 90, 26, 24), Word("Club", 190, 26, 24)]),
            new OcrLine([Word("Jordan", 90, 69, 19), Word("Blake,", 170, 69, 17), Word("Sam", 250, 70, 14), Word("Reid,", 300, 69, 17), Word("You", 360, 70, 14)]),
            new OcrLine([Word("22", 290, 143, 16), Word("March", 320, 143, 16), Word("2024", 400, 143, 16)]),
            Line(216, ("Jordan", 24), ("blake", 21)),
            Line(254, ("Did", 21), ("you", 22), ("see", 15), ("her", 21)),
            new OcrLine([Word("18:01", 295, 304, 14)]),
            Line(374, ("She", 21), ("left", 21)),
            new OcrLine([Word("18:02", 177, 424, 14)]),
        ], 720, 900);

        var chat = ChatScreenshotSplitter.Split(page, null)!;

        Assert.True(chat.IsGroup);
        Assert.Equal("Book Club", chat.Partner);
        Assert.Equal(["Jordan Blake", "Sam Reid"], chat.Participants);
        Assert.Equal([("Jordan Blake", "Did you see her"), ("Jordan Blake", "She left")], chat.Bubbles.Select(b => (b.Sender!, b.Text)));
    }

    [Fact]
    public void A_first_line_in_smaller_type_names_the_sender_without_a_header_list_and_the_next_bubble_of_the_run_is_theirs()
    {
        // iOS: the group name centred, a stamp, "Sam" in 20 px type (Sam: capital, 0.75×20 = 15) over "Is she home"
        // in 28 px (Is 21, she 21, home 21): sizes 20 and 28, 20/28 = 0.71 ≤ 0.85.
        var page = new OcrPage(
        [
            new OcrLine([Word("Weekend", 262, 72, 20), Word("Plans", 390, 72, 20)]),
            new OcrLine([Word("23", 244, 134, 16), Word("March", 279, 134, 16), Word("2024", 353, 134, 16), Word("20:15", 416, 134, 16)]),
            Line(184, ("Sam", 15)),
            Line(210, ("Is", 21), ("she", 21), ("home", 21)),
            Line(300, ("The", 21), ("lights", 27), ("are", 15), ("on", 15)),
        ], 720, 600);

        var chat = ChatScreenshotSplitter.Split(page, null)!;

        Assert.Equal(ChatScreenshotSplitter.IMessage, chat.Layout);
        Assert.True(chat.IsGroup);
        Assert.Empty(chat.Participants);
        Assert.Equal([("Sam", "Is she home"), ("Sam", "The lights are on")], chat.Bubbles.Select(b => (b.Sender!, b.Text)));
    }

    [Fact]
    public void A_two_line_message_in_one_type_is_not_a_group_and_keeps_its_first_line()
    {
        // A two-party chat: "Hello Alex" over "where are you" in the same 28 px type (Hello 21, Alex 21; where 21, are 15, you 22).
        var page = new OcrPage(
        [
            new OcrLine([Word("Jordan", 90, 40, 24), Word("Blake", 190, 40, 24)]),
            Line(200, ("Hello", 21), ("Alex", 21)),
            Line(234, ("where", 21), ("are", 15), ("you", 22)),
            new OcrLine([Word("21:14", 150, 270, 14)]),
            Line(340, ("stop", 21)),
            new OcrLine([Word("21:15", 150, 380, 14)]),
        ], 720, 900);

        var chat = ChatScreenshotSplitter.Split(page, null)!;

        Assert.False(chat.IsGroup);
        Assert.Equal(["Hello Alex where are you", "stop"], chat.Bubbles.Select(b => b.Text));
        Assert.All(chat.Bubbles, b => Assert.Null(b.Sender));
    }

    [Theory]
    // Heights over coverage, by hand: see 15/0.55, Did 21/0.75, you 22/0.77, today 27/0.97, Jo 24/0.85.
    [InlineData("see", 15, 27.3)]
    [InlineData("Did", 21, 28.0)]
    [InlineData("you", 22, 28.6)]
    [InlineData("today", 27, 27.8)]
    [InlineData("Jo", 24, 28.2)]
    public void The_font_size_of_a_word_is_its_height_over_the_share_of_the_em_its_glyphs_cover(string text, int height, double expected)
    {
        Assert.Equal(expected, GroupSenders.FontSize([Word(text, 0, 0, height)]), 1);
    }
}
