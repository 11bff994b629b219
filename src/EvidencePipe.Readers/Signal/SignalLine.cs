using System.Globalization;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.Signal;

/// <summary>
/// A message header line of the Signal text export chat-miner reads (its SignalParser):
/// <c>[YYYY-MM-DD, HH:MM] Sender: text</c>. The time is the exporting phone's wall clock, minutes
/// only. WhatsApp's bracketed (iOS) headers always carry seconds and locale dates, so the two do not
/// overlap.
/// </summary>
internal static partial class SignalLine
{
    public static bool IsHeaderShaped(string line) => HeaderRegex().IsMatch(line);

    /// <summary>The header's local time and body, or null; <paramref name="invalid"/> is set when it looks like a header but the date is impossible.</summary>
    public static (DateTime Local, string Body)? Parse(string line, out bool invalid)
    {
        invalid = false;
        var match = HeaderRegex().Match(line);
        if (!match.Success)
        {
            return null;
        }

        if (!DateTime.TryParseExact(match.Groups["when"].Value, "yyyy-MM-dd, HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            invalid = true;
            return null;
        }

        return (local, match.Groups["body"].Value);
    }

    /// <summary>"Jane Doe: Hello" → (Jane Doe, Hello); a body without ": " has no sender.</summary>
    public static (string? Sender, string Text) Split(string body)
    {
        var colon = body.IndexOf(": ", StringComparison.Ordinal);
        return colon <= 0 ? (null, body) : (body[..colon].Trim(), body[(colon + 2)..]);
    }

    [GeneratedRegex(@"^\[(?<when>\d{4}-\d{2}-\d{2}, \d{2}:\d{2})\] (?<body>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HeaderRegex();
}
