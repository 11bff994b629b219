using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// main.db times are Unix seconds (plaso's skype plugin reads every one as dfdatetime PosixTime;
/// Skyperious <c>stamp_to_date</c> as <c>fromtimestamp</c>). Skype for desktop wrote this database from
/// 2003 to 2021, so a value at or after 2100 (the real sample's chat copy of an SMS holds 13727168620,
/// the SMS's own 1372716862 with a digit too many) is damage, not a time: the record is kept undated
/// with a diagnostic naming the raw value, as is a missing, zero, negative or non-numeric one.
/// </summary>
internal static class SkypeTime
{
    /// <summary>2100-01-01T00:00:00Z.</summary>
    public const long EndUnixSeconds = 4_102_444_800;

    /// <summary>The first usable value of <paramref name="columns"/> (Unix seconds), else undated with a diagnostic.</summary>
    public static EventTime Of(Microsoft.Data.Sqlite.SqliteDataReader row, ReadContext context, string locator, params string[] columns)
    {
        foreach (var column in columns)
        {
            if (PhoneDb.DbValues.Long(row, column) is { } s && s > 0 && s < EndUnixSeconds)
            {
                return context.TimeZone.FromUnixMilliseconds(s * 1000);
            }
        }

        var raw = string.Join(", ", columns.Select(c => $"{c} {PhoneDb.DbValues.Raw(row, c)}"));
        context.RecoveredRecord(locator, $"{raw}: not a Unix time before 2100; kept undated");
        return EventTime.Undated;
    }
}
