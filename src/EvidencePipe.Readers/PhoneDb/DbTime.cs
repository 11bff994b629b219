using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Epoch conversions for phone databases. Android providers store Unix milliseconds (sms.date,
/// calls.date) or seconds (pdu.date, Telephony.BaseMmsColumns.DATE); Apple stores seconds since
/// 2001-01-01T00:00:00Z ("absolute time", CFAbsoluteTime / Core Data NSDate), as an integer or a
/// real, and recent iOS sms.db nanoseconds since that epoch.
/// </summary>
internal static class DbTime
{
    /// <summary>978307200: seconds from 1970-01-01 to 2001-01-01 UTC.</summary>
    public const long AppleEpochUnixSeconds = 978_307_200;

    /// <summary>Apple values above 10^11 are nanoseconds (10^11 s after 2001 is the year 5170).</summary>
    public const double AppleNanosecondThreshold = 1e11;

    /// <summary>9999-12-31T23:59:59.999Z, the last instant DateTimeOffset can hold.</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    public static EventTime? FromUnixMilliseconds(long? value, ReadContext context) =>
        value is > 0 and <= MaxUnixMilliseconds ? context.TimeZone.FromUnixMilliseconds(value.Value) : null;

    public static EventTime? FromUnixSeconds(long? value, ReadContext context) =>
        value is > 0 and <= MaxUnixMilliseconds / 1000 ? context.TimeZone.FromUnixMilliseconds(value.Value * 1000) : null;

    /// <summary>Apple absolute time in seconds or (above 10^11) nanoseconds; 0 means "not recorded".</summary>
    public static EventTime? FromApple(double? value, ReadContext context)
    {
        if (value is not { } v || v == 0 || double.IsNaN(v) || double.IsInfinity(v))
        {
            return null;
        }

        var seconds = Math.Abs(v) > AppleNanosecondThreshold ? v / 1e9 : v;
        var ms = Math.Round((seconds + AppleEpochUnixSeconds) * 1000);
        return ms is > 0 and <= MaxUnixMilliseconds ? context.TimeZone.FromUnixMilliseconds((long)ms) : null;
    }
}
