using System.Globalization;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.Ocr;

/// <summary>One message bubble recovered from a chat screenshot.</summary>
/// <param name="Outgoing">Right-hand bubble: sent by the phone's owner.</param>
/// <param name="Date">The date header above it (or null: none visible).</param>
/// <param name="Time">The time shown in the bubble (or null).</param>
public sealed record ChatBubble(bool Outgoing, IReadOnlyList<OcrWord> Words, OcrBox Box, DateOnly? Date, TimeOnly? Time)
{
    /// <summary>The time of the centred stamp above the bubble, where the layout shows one (iMessage).</summary>
    public TimeOnly? StampTime { get; init; }

    /// <summary>In a group chat, the incoming bubble's sender as the name above its text shows it (or the bubble before it from the same run); null when not shown.</summary>
    public string? Sender { get; init; }

    public string Text => string.Join(' ', Words.Select(w => w.Text));

    /// <summary>How many of <see cref="Words"/> are the bubble's first line when it has more than one (0: one line): a group sender's name is that line.</summary>
    internal int FirstLineLength { get; init; }
}

/// <summary>A chat screenshot split into its partner (the header name) and message bubbles.</summary>
/// <param name="Partner">The header name: the other party, or in a group chat the group's name (the conversation).</param>
public sealed record ChatScreenshot(string Layout, string Partner, IReadOnlyList<ChatBubble> Bubbles)
{
    /// <summary>A group chat: the header lists participants, or incoming bubbles are headed by their senders' names.</summary>
    public bool IsGroup { get; init; }

    /// <summary>The group's other participants as the header lists them (WhatsApp: "Jordan, Sam, You"), without the owner's "You".</summary>
    public IReadOnlyList<string> Participants { get; init; } = [];
}

/// <summary>
/// Recognises the WhatsApp Android, iOS Messages and Google Messages (Android SMS) conversation layouts in OCR output and splits them into bubbles:
/// the chat partner's name in the header bar (top of the image), centred date chips
/// (<c>12 March 2024</c>, <c>March 12, 2024</c>, <c>TODAY</c>, <c>YESTERDAY</c>), and bubbles whose side
/// is read from their x-position — flush left (nearer the left edge) is incoming, flush right outgoing —
/// each closed by its time (<c>HH:MM</c>, alone under the text or at the end of its last line).
/// Lines of one side closer than a line height belong to one bubble. iOS Messages shows no time in the
/// bubbles: a centred date-and-time stamp (<c>14 March 2024 23:05</c>) times the bubbles under it; Google
/// Messages does the same (<c>Sunday, 17 March 2024 · 19:02</c>) but names the partner at the left of
/// the header, not centred, and puts a round avatar with the partner's initial before incoming bubbles
/// (OCR reads it as punctuation or one letter, dropped). Leading marks with no letter or digit (the
/// header's back arrow) are not part of the partner's name.
/// Anything that does not show a header name and at least two timed bubbles (or two bubbles under a
/// timed stamp) is neither layout (null): the caller keeps one text event.
/// </summary>
public static partial class ChatScreenshotSplitter
{
    public const string WhatsAppAndroid = "whatsapp-android";

    /// <summary>iOS Messages: no per-bubble times; a centred date-and-time stamp times the bubbles under it.</summary>
    public const string IMessage = "imessage";

    /// <summary>Google Messages (Android's SMS app): timed by centred stamps like iMessage, partner named at the header's left.</summary>
    public const string GoogleMessages = "google-messages";

    // The header bar is the top ~12% of a phone screenshot (a 1:2 screen or taller). Apps size it by the
    // screen's width, so a screenshot cropped shorter than 1:2 is measured as if it were 1:2.
    private const double HeaderFraction = 0.15;

    // An avatar sits in the left ~12% of the width, before the incoming bubbles.
    private const double AvatarFraction = 0.12;

    private static readonly HashSet<string> Weekdays = new(
        CultureInfo.InvariantCulture.DateTimeFormat.DayNames.Concat(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames),
        StringComparer.OrdinalIgnoreCase);

    public static ChatScreenshot? Split(OcrPage page, DateOnly? screenshotDate)
    {
        if (page.Lines.Count < 3 || page.Width <= 0 || page.Height <= 0)
        {
            return null;
        }

        var ordered = page.Lines.OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left).ToList();
        var headerWords = ordered[0].Words.SkipWhile(IsMark).ToList();
        if (headerWords.Count == 0)
        {
            return null;
        }

        var partner = string.Join(' ', headerWords.Select(w => w.Text));
        var headerBox = headerWords.Skip(1).Aggregate(headerWords[0].Box, (b, w) => b.Union(w.Box));
        if (headerBox.Top > Math.Max(page.Height, 2 * page.Width) * HeaderFraction || IsTime(partner) || ParseDate(partner, screenshotDate) is not null)
        {
            return null;
        }

        // A subtitle under the header name: a group's participant list ("Jordan, Sam, You") or a status
        // ("online", "last seen today at 21:10"); part of the header, never a bubble.
        var body = ordered.Skip(1).ToList();
        IReadOnlyList<string> participants = [];
        if (body.Count > 0 && IsSubtitle(body[0], headerBox, screenshotDate))
        {
            participants = Participants(body[0].Text);
            body.RemoveAt(0);
        }

        var bubbles = new List<ChatBubble>();
        DateOnly? date = null;
        TimeOnly? stampTime = null;
        Open? open = null;
        foreach (var line in body)
        {
            var box = line.Box;
            var centre = box.Left + (box.Width / 2.0);
            if (Math.Abs(centre - (page.Width / 2.0)) < page.Width * 0.1 && ParseStamp(line.Text, screenshotDate) is { } stamp)
            {
                Close(ref open, bubbles, null);
                (date, stampTime) = stamp;
                continue;
            }

            if (IsTime(line.Text))
            {
                Close(ref open, bubbles, ParseTime(line.Text));
                continue;
            }

            var words = line.Words.ToList();
            // An avatar before an incoming bubble (Google Messages): OCR reads the round badge as marks or its initial.
            while (words.Count > 1 && IsAvatar(words[0], words[1], page.Width))
            {
                words.RemoveAt(0);
            }

            if (words.Count == 1 && IsMark(words[0]) && words[0].Box.Right < page.Width * AvatarFraction)
            {
                continue;
            }

            TimeOnly? inlineTime = null;
            if (words.Count > 1 && IsTime(words[^1].Text))
            {
                inlineTime = ParseTime(words[^1].Text);
                words.RemoveAt(words.Count - 1);
            }

            var textBox = words.Skip(1).Aggregate(words[0].Box, (b, w) => b.Union(w.Box));
            var outgoing = textBox.Left > page.Width - textBox.Right;
            var lineHeight = Math.Max(1, textBox.Height);
            if (open is not null && (open.Outgoing != outgoing || textBox.Top - open.Box.Bottom > lineHeight * 1.2))
            {
                Close(ref open, bubbles, null);
            }

            if (open is null)
            {
                open = new Open(outgoing, date, stampTime, words, textBox);
            }
            else
            {
                open.Lines.Add(words);
                open.Box = open.Box.Union(textBox);
            }

            if (inlineTime is not null)
            {
                Close(ref open, bubbles, inlineTime);
            }
        }

        Close(ref open, bubbles, null);
        var group = GroupSenders.Attribute(bubbles, participants);
        if (bubbles.Count(b => b.Time is not null) >= 2)
        {
            return new ChatScreenshot(WhatsAppAndroid, partner, bubbles) { IsGroup = group, Participants = participants };
        }

        // No bubble shows its own time: iOS Messages (name centred in the header) or Google Messages (name
        // at the left), timed by the stamp above each run of bubbles.
        if (bubbles.Count >= 2 && bubbles.All(b => b.Time is null) && bubbles.Any(b => b.StampTime is not null))
        {
            var centred = Math.Abs(headerBox.Left + (headerBox.Width / 2.0) - (page.Width / 2.0)) < page.Width * 0.1;
            return new ChatScreenshot(centred ? IMessage : GoogleMessages, partner, bubbles.Select(b => b with { Time = b.StampTime }).ToList())
            {
                IsGroup = group,
                Participants = participants,
            };
        }

        return null;
    }

    /// <summary>The line right under the header name, nearer to it than its own height, no taller, and no date or time stamp.</summary>
    private static bool IsSubtitle(OcrLine line, OcrBox header, DateOnly? screenshotDate) =>
        line.Box.Top - header.Bottom < header.Height
        && line.Box.Height <= header.Height
        && !IsTime(line.Text)
        && ParseStamp(line.Text, screenshotDate) is null;

    /// <summary>A participant list ("Jordan Blake, Sam Reid, You"; a truncated last name ends in "…"), without "You"; none for a status line.</summary>
    private static IReadOnlyList<string> Participants(string subtitle)
    {
        if (!subtitle.Contains(',', StringComparison.Ordinal))
        {
            return [];
        }

        return subtitle.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(name => !name.EndsWith('…') && !name.EndsWith("...", StringComparison.Ordinal) && !name.Equals("You", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private sealed class Open(bool outgoing, DateOnly? date, TimeOnly? stampTime, List<OcrWord> words, OcrBox box)
    {
        public bool Outgoing { get; } = outgoing;

        public DateOnly? Date { get; } = date;

        public TimeOnly? StampTime { get; } = stampTime;

        public List<List<OcrWord>> Lines { get; } = [words];

        public OcrBox Box { get; set; } = box;
    }

    private static void Close(ref Open? open, List<ChatBubble> bubbles, TimeOnly? time)
    {
        if (open is null)
        {
            return;
        }

        bubbles.Add(new ChatBubble(open.Outgoing, open.Lines.SelectMany(l => l).ToList(), open.Box, open.Date, time)
        {
            StampTime = open.StampTime,
            FirstLineLength = open.Lines.Count > 1 ? open.Lines[0].Count : 0,
        });
        open = null;
    }

    public static bool IsTime(string text) => TimeRegex().IsMatch(text.Trim());

    /// <summary>An avatar badge in the left margin: marks, or one letter two line-heights or more from the bubble's text (a word space is a third of one).</summary>
    private static bool IsAvatar(OcrWord word, OcrWord next, int pageWidth) =>
        word.Box.Right < pageWidth * AvatarFraction
        && (IsMark(word) || (word.Text.Length == 1 && next.Box.Left - word.Box.Right > 2 * Math.Max(word.Box.Height, next.Box.Height)));

    /// <summary>A word with no letter or digit: an icon, arrow or badge as OCR reads it, not text.</summary>
    private static bool IsMark(OcrWord word) => !word.Text.Any(char.IsLetterOrDigit);

    private static TimeOnly? ParseTime(string text)
    {
        var m = TimeRegex().Match(text.Trim());
        if (!m.Success)
        {
            return null;
        }

        var hour = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var minute = int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
        if (m.Groups["ampm"].Success)
        {
            var pm = m.Groups["ampm"].Value.StartsWith('p') || m.Groups["ampm"].Value.StartsWith('P');
            hour = (hour % 12) + (pm ? 12 : 0);
        }

        return hour < 24 && minute < 60 ? new TimeOnly(hour, minute) : null;
    }

    /// <summary>
    /// A centred stamp: a date chip, optionally after a weekday and followed by a time, the two joined by a
    /// space, a middle dot (read as '-' by OCR) or "at" (<c>14 March 2024 23:05</c>, <c>Today 23:05</c>,
    /// <c>Sunday, 17 March 2024 · 19:02</c>).
    /// </summary>
    public static (DateOnly Date, TimeOnly? Time)? ParseStamp(string text, DateOnly? screenshotDate)
    {
        var s = text.Trim();
        var space = s.LastIndexOf(' ');
        if (space > 0 && !IsTime(s[(space + 1)..]) && s.LastIndexOf(' ', space - 1) is > 0 and var before && IsTime(s[(before + 1)..]))
        {
            space = before; // a 12-hour time: "7:02 pm"
        }

        if (space > 0 && IsTime(s[(space + 1)..]) && ParseDate(StampDate(s[..space]), screenshotDate) is { } dated)
        {
            return (dated, ParseTime(s[(space + 1)..]));
        }

        return ParseDate(StampDate(s), screenshotDate) is { } date ? (date, null) : null;
    }

    /// <summary>The date part of a stamp: a leading weekday and a trailing separator removed.</summary>
    private static string StampDate(string text)
    {
        var s = text.Trim().TrimEnd('·', '•', '-', '–', ',').TrimEnd();
        if (s.EndsWith(" at", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^3].TrimEnd();
        }

        var comma = s.IndexOf(',', StringComparison.Ordinal);
        var first = comma > 0 ? s[..comma] : s.Split(' ')[0];
        return Weekdays.Contains(first) && s.Length > first.Length ? s[(first.Length + (comma > 0 ? 1 : 0))..].Trim() : s;
    }

    /// <summary>A date chip: <c>12 March 2024</c>, <c>March 12, 2024</c>, <c>12/03/2024</c> (day first), <c>TODAY</c>, <c>YESTERDAY</c>.</summary>
    public static DateOnly? ParseDate(string text, DateOnly? screenshotDate)
    {
        var s = text.Trim();
        if (s.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            return screenshotDate;
        }

        if (s.Equals("yesterday", StringComparison.OrdinalIgnoreCase))
        {
            return screenshotDate?.AddDays(-1);
        }

        string[] formats = ["d MMMM yyyy", "MMMM d, yyyy", "d MMM yyyy", "MMM d, yyyy", "dd/MM/yyyy", "d/M/yyyy"];
        return DateOnly.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date) ? date : null;
    }

    [GeneratedRegex(@"^(?<h>[0-2]?\d)[:.](?<m>[0-5]\d)(\s?(?<ampm>[ap]\.?m\.?))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeRegex();
}
