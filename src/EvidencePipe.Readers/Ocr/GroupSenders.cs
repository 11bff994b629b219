namespace EvidencePipe.Readers.Ocr;

/// <summary>
/// Who wrote each incoming bubble of a group-chat screenshot. WhatsApp puts the sender's name (in a
/// colour per participant) on the first line inside an incoming bubble; iOS Messages puts it in small
/// grey type just above the bubble; both show it only on the first bubble of a run from one sender.
/// OCR keeps neither colour nor position inside the bubble, so the first line of a multi-line incoming
/// bubble is taken as a sender's name when it reads like a name (one to four words, starting with a
/// capital, a '+' number or WhatsApp's '~' for a number with a profile name; no time) and either
/// <list type="bullet">
/// <item>it is a participant the header lists (WhatsApp's subtitle "Jordan, Sam, You"; the header's
/// spelling is kept, OCR's case slips are not), or</item>
/// <item>it is set in smaller type than the message under it: its estimated font size (<see cref="FontSize"/>)
/// is at most <see cref="SmallerType"/> of the text's (iOS 12 pt over 17 pt).</item>
/// </list>
/// A name the line-gap rule left on its own line above a bubble (iOS) is joined to that bubble by the same
/// rules. A bubble without a name continues the run of the incoming bubble right above it. The chat is a group
/// when the header lists participants or any bubble is headed by a name.
/// </summary>
internal static class GroupSenders
{
    /// <summary>A name line's font size against the message text's, at most (iOS 12/17 = 0.71; WhatsApp relies on the header list).</summary>
    public const double SmallerType = 0.85;

    public static bool Attribute(List<ChatBubble> bubbles, IReadOnlyList<string> participants)
    {
        var group = participants.Count > 0;
        for (var i = 0; i < bubbles.Count; i++)
        {
            var bubble = bubbles[i];
            if (bubble.Outgoing)
            {
                continue;
            }

            // iOS sets the name outside the bubble, so the line-gap rule may have left it on its own: a
            // one-line "bubble" with no time, right above an incoming bubble, that names its sender.
            if (bubble.FirstLineLength == 0 && bubble.Time is null && i + 1 < bubbles.Count && bubbles[i + 1] is { Outgoing: false, FirstLineLength: 0 } next
                && next.Box.Top - bubble.Box.Bottom < 2 * next.Box.Height
                && SenderName(bubble.Words.ToList(), next.Words.ToList(), participants) is { } above)
            {
                bubbles[i] = next with { Box = bubble.Box.Union(next.Box), Sender = above };
                bubbles.RemoveAt(i + 1);
                group = true;
                continue;
            }

            if (bubble.FirstLineLength == 0)
            {
                continue;
            }

            var nameWords = bubble.Words.Take(bubble.FirstLineLength).ToList();
            var text = bubble.Words.Skip(bubble.FirstLineLength).ToList();
            if (SenderName(nameWords, text, participants) is { } sender)
            {
                bubbles[i] = bubble with { Words = text, Sender = sender, FirstLineLength = 0 };
                group = true;
            }
        }

        if (!group)
        {
            return false;
        }

        for (var i = 1; i < bubbles.Count; i++)
        {
            if (!bubbles[i].Outgoing && bubbles[i].Sender is null && !bubbles[i - 1].Outgoing && bubbles[i - 1].Sender is { } previous)
            {
                bubbles[i] = bubbles[i] with { Sender = previous };
            }
        }

        return true;
    }

    private static string? SenderName(List<OcrWord> nameWords, List<OcrWord> text, IReadOnlyList<string> participants)
    {
        var name = string.Join(' ', nameWords.Select(w => w.Text)).TrimStart('~', ' ');
        if (nameWords.Count is 0 or > 4 || name.Length == 0 || nameWords.Any(w => ChatScreenshotSplitter.IsTime(w.Text)))
        {
            return null;
        }

        var listed = participants.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
        if (listed is not null)
        {
            return listed;
        }

        var nameLike = char.IsUpper(name[0]) || name[0] == '+';
        return nameLike && FontSize(nameWords) <= SmallerType * FontSize(text) ? name : null;
    }

    /// <summary>
    /// A line's font size (em, pixels) from its words' box heights: a box spans the word's tallest and
    /// deepest glyphs, so each height is divided by the share of the em its glyphs cover in a typical
    /// sans face (x-height 0.55, ascender or capital 0.75, descender 0.22): "see" 0.55, "Did" 0.75,
    /// "you" 0.77, "today" 0.97. J and Q descend in some faces (DejaVu) and not others (Roboto, SF): 0.85.
    /// The median over the words resists one misread box.
    /// </summary>
    public static double FontSize(IReadOnlyCollection<OcrWord> words)
    {
        var sizes = words.Where(w => w.Text.Any(char.IsLetterOrDigit)).Select(w => w.Box.Height / Coverage(w.Text)).Order().ToList();
        if (sizes.Count == 0)
        {
            return 0;
        }

        var mid = sizes.Count / 2;
        return sizes.Count % 2 == 1 ? sizes[mid] : (sizes[mid - 1] + sizes[mid]) / 2;
    }

    private static double Coverage(string word)
    {
        var tall = word.Any(c => (char.IsUpper(c) && c is not 'J' and not 'Q') || char.IsDigit(c) || "bdfhiklt!?#%&/".Contains(c, StringComparison.Ordinal));
        var deep = word.Any(c => "gpqy".Contains(c, StringComparison.Ordinal));
        var both = word.Any(c => "j()[]{}@$|".Contains(c, StringComparison.Ordinal));
        var either = word.Any(c => c is 'J' or 'Q');
        return (tall, deep, both, either) switch
        {
            (_, _, true, _) or (true, true, _, _) => 0.97,
            (_, true, _, true) => 0.97,
            (_, _, _, true) => 0.85,
            (true, false, _, _) => 0.75,
            (false, true, _, _) => 0.77,
            _ => 0.55,
        };
    }
}
