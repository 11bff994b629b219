namespace EvidencePipe.Readers.Tests;

/// <summary>How a format delimits its records, which decides whether a lost record is detectable.</summary>
internal static class RecordFraming
{
    /// <summary>
    /// Formats whose records are self-delimiting (XML elements, JSON objects, database rows, a media
    /// file's one event): losing a record there is always detectable, so it must be reported. Line-based
    /// text (WhatsApp/Signal chat lines, vCard, CSV) is not — a flipped byte can turn a message header
    /// into a continuation line, and a file cut exactly at a line end is indistinguishable from a
    /// genuinely shorter export.
    /// </summary>
    private static readonly HashSet<string> SelfDelimiting = new(StringComparer.Ordinal)
    {
        "sms-backup-xml", "sms-backup-calls-xml", "cellebrite-report-xml", "telegram-json", "messenger-json", "instagram-json", "sqlite", "media",
        "google-location-history-json", "android-packages-xml",
    };

    public static bool IsSelfDelimiting(string format) => SelfDelimiting.Contains(format);
}
