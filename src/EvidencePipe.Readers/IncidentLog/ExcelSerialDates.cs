using System.Globalization;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>A date (and the time of day it carries) read from an Excel serial number, or why it is not one.</summary>
internal readonly record struct SerialDate(DateOnly? Date, TimeOnly? TimeOfDay, string? Problem);

/// <summary>
/// Excel's date serial numbers (ECMA-376 Part 1 §18.17.4.1 "Date Representation"; the workbook's
/// <c>workbookPr/@date1904</c>, §18.2.28). In the 1900 system serial 1 is 1900-01-01 and serial 60 is
/// 1900-02-29 — a day that never existed, kept by Excel for compatibility with Lotus 1-2-3 — so from
/// serial 61 (1900-03-01) on the day is 1899-12-30 plus the serial, and below 60 it is 1899-12-31 plus
/// the serial. In the 1904 system (old Mac workbooks) serial 0 is 1904-01-01. The fraction is the time
/// of day.
/// </summary>
internal static class ExcelSerialDates
{
    /// <summary>Serial of 9999-12-31 in the 1900 system, the last day Excel shows.</summary>
    private const double Largest = 2_958_465;

    private static readonly DateOnly Base1900 = new(1899, 12, 30);
    private static readonly DateOnly Base1900BeforeLeapBug = new(1899, 12, 31);
    private static readonly DateOnly Base1904 = new(1904, 1, 1);

    public static SerialDate FromSerial(double serial, bool date1904)
    {
        if (double.IsNaN(serial) || double.IsInfinity(serial) || serial < (date1904 ? 0 : 1) || serial > Largest)
        {
            return new SerialDate(null, null, string.Create(CultureInfo.InvariantCulture, $"the date cell holds {serial:R}, not an Excel date serial"));
        }

        var day = Math.Floor(serial);
        var time = TimeOfDay(serial);
        if (date1904)
        {
            return new SerialDate(Base1904.AddDays((int)day), time, null);
        }

        return day switch
        {
            60 => new SerialDate(null, null, "the date cell holds serial 60, Excel's 1900-02-29, a day that does not exist (the 1900 leap-year bug)"),
            < 60 => new SerialDate(Base1900BeforeLeapBug.AddDays((int)day), time, null),
            _ => new SerialDate(Base1900.AddDays((int)day), time, null),
        };
    }

    /// <summary>The time of day in a serial's fraction, to the nearest second; null at exactly midnight.</summary>
    public static TimeOnly? TimeOfDay(double serial)
    {
        var seconds = (long)Math.Round((serial - Math.Floor(serial)) * 86_400, MidpointRounding.AwayFromZero);
        return seconds is <= 0 or >= 86_400 ? null : TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(seconds));
    }
}
