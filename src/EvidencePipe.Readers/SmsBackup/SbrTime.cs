using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// SBR <c>date</c> values are Unix epoch milliseconds (Android Telephony.TextBasedSmsColumns.DATE,
/// CallLog.Calls.DATE; SBR also converts MMS dates to milliseconds). Some tools and older backups
/// store seconds: a value below 10^11 (which as milliseconds would be before 3 March 1973) is read
/// as seconds, with a note.
/// </summary>
internal static class SbrTime
{
    private const long SecondsThreshold = 100_000_000_000;

    /// <summary>9999-12-31T23:59:59.999Z, the last instant DateTimeOffset can hold.</summary>
    private const long MaxMilliseconds = 253_402_300_799_999;

    /// <summary>
    /// The record's time from <c>date</c>; when that is missing or garbled the handset's
    /// <c>date_sent</c> (also recorded by the device, so nothing is invented) is used and the record
    /// is marked recovered. Without either the record is skipped and null returned.
    /// </summary>
    public static EventTime? Resolve(string? date, string? dateSent, string locator, ReadContext context)
    {
        if (TryParse(date, out var milliseconds, out var seconds))
        {
            if (seconds)
            {
                context.Note(locator, $"date {date} is below 10^11: read as Unix seconds, not milliseconds");
            }

            return context.TimeZone.FromUnixMilliseconds(milliseconds);
        }

        var problem = date is null ? "date missing" : $"date '{SbrAttributes.Clip(date)}' is not an epoch time";
        if (TryParse(dateSent, out milliseconds, out seconds))
        {
            var unit = seconds ? "Unix seconds" : "Unix milliseconds";
            context.RecoveredRecord(locator, $"{problem}; time taken from date_sent {dateSent} ({unit})");
            return context.TimeZone.FromUnixMilliseconds(milliseconds);
        }

        var noFallback = dateSent is null ? string.Empty : " and no usable date_sent";
        context.SkippedRecord(locator, $"{problem}{noFallback}: the record has no time");
        return null;
    }

    /// <summary>A positive epoch count in milliseconds (or seconds below 10^11) within the representable range.</summary>
    public static bool TryParse(string? raw, out long milliseconds, out bool seconds)
    {
        milliseconds = 0;
        seconds = false;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            // 0 is what Android stores when the time was not recorded (e.g. date_sent of sent SMS).
            return false;
        }

        if (value < SecondsThreshold)
        {
            seconds = true;
            value *= 1000;
        }

        if (value > MaxMilliseconds)
        {
            return false;
        }

        milliseconds = value;
        return true;
    }
}
