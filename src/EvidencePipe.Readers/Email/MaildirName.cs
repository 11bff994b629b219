using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// What a maildir file name says (maildir(5), D. J. Bernstein's "Using maildir format"): names begin
/// with the delivery time in Unix seconds (<c>1204680122.M20P93.host:2,FRS</c>); the part after
/// <c>:2,</c> holds the flags (Passed, Replied, Seen, Trashed, Draft, Flagged).
/// </summary>
internal static class MaildirName
{
    public static EmailEnvelope Envelope(string fileName, ReadContext context)
    {
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        if (dot is < 9 or > 11 || !long.TryParse(fileName.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return EmailEnvelope.None;
        }

        // Only plausible delivery times (2001-09-09 .. 2099): other numbers are not maildir names.
        if (seconds is < 1_000_000_000 or > 4_102_444_800)
        {
            return EmailEnvelope.None;
        }

        var flags = Flags(fileName);
        var basis = $"the maildir file name's delivery time ({seconds} Unix seconds{(flags is null ? string.Empty : ", flags " + flags)})";
        return new EmailEnvelope(null, context.TimeZone.FromUnixMilliseconds(seconds * 1000), basis);
    }

    /// <summary>The maildir info flags after <c>:2,</c> (or <c>!2,</c>, used where ':' is not allowed), or null.</summary>
    public static string? Flags(string fileName)
    {
        var info = fileName.LastIndexOf(":2,", StringComparison.Ordinal);
        if (info < 0)
        {
            info = fileName.LastIndexOf("!2,", StringComparison.Ordinal);
        }

        return info < 0 ? null : fileName[(info + 3)..];
    }
}
