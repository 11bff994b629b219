using System.Buffers;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Splits the part of a header after the time into sender and text. WhatsApp writes
/// <c>Name: text</c> for messages and bare text for system notices ("You were added",
/// <c>X hat die Gruppe "…" erstellt.</c>), so a notice is a body without <c>": "</c>.
/// </summary>
internal static class MessageBody
{
    // Contact names in real exports run to ~50 characters; longer text before ": " is a sentence.
    private const int MaxNameLength = 128;

    private static readonly SearchValues<char> Quotes = SearchValues.Create("\"“”„«»");

    /// <summary>
    /// Finds the sender (trimmed) and the text in <paramref name="body"/>; false for a notice, whose
    /// text is then the whole body. Positions, not strings: this runs for every header of both passes.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> body, out Range sender, out Range text)
    {
        sender = default;
        text = ..;
        var colon = body.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var raw = body[..colon];
        var start = raw.Length - raw.TrimStart().Length;
        var name = raw.Trim();

        // Notices quote group names and subjects ('X changed the subject to "a: b"'); a quote
        // before the first ": " means the colon belongs to the quoted text, not to a sender.
        if (name.Length == 0 || name.Length > MaxNameLength || name.IndexOfAny(Quotes) >= 0)
        {
            return false;
        }

        sender = start..(start + name.Length);
        text = (colon + 2)..;
        return true;
    }

    /// <summary>The text before a colon that is not followed by a space (<c>John Doe:.</c>), if any.</summary>
    public static string? NameBeforeBareColon(string body)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? body[..colon].Trim() : null;
    }
}
