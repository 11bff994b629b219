using System.Globalization;
using EvidencePipe.Readers.Media;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// ExifDateText reads the common <c>YYYY:MM:DD HH:MM:SS</c> by hand; the oracle is .NET's own exact parse of the
/// same 19 characters with the pattern it used before, so every value it accepts or refuses must come out the same.
/// </summary>
public sealed class ExifDateTextTests
{
    public static TheoryData<string> Texts() =>
    [
        "2011:01:13 14:33:39",
        "2011-01-13T14:33:39",
        "2011:01:13 14:33:39.107-07:00",
        "2020:02:29 00:00:00",
        "2019:02:29 12:00:00",
        "2019:04:31 12:00:00",
        "0001:01:01 00:00:00",
        "9999:12:31 23:59:59",
        "0000:00:00 00:00:00",
        "2011:00:10 10:10:10",
        "2011:13:10 10:10:10",
        "2011:01:00 10:10:10",
        "2011:01:32 10:10:10",
        "2011:01:13 24:00:00",
        "2011:01:13 23:60:00",
        "2011:01:13 23:59:60",
        "    :  :     :  :  ",
        "2011:01:13 14:33:3x",
        "2011:01:13 14-33-39",
        "2011:01:13 14:33 39",
        " 2011:01:13 14:33:3",
        "+011:01:13 14:33:39",
        "2011:01:13 1 :33:39",
        "\u0662\u0660\u0661\u0661:01:13 14:33:39",
        "\uFF12\uFF10\uFF11\uFF11:01:13 14:33:39",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_date_is_accepted_or_refused_as_the_exact_invariant_parse_of_its_first_19_characters_decides(string text)
    {
        // The oracle: the 19-character head with the date separators normalised as the reader does, through TryParseExact.
        var head = text[..19].ToCharArray();
        head[4] = ':';
        head[7] = ':';
        head[10] = ' ';
        var expectedOk = DateTime.TryParseExact(new string(head), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);

        var ok = ExifDateText.TryParse(text, out var local, out _);

        Assert.Equal(expectedOk, ok);
        if (expectedOk)
        {
            // A fraction or offset after the 19th character only adds to the head's value.
            Assert.Equal(expected, local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond)));
            Assert.Equal(DateTimeKind.Unspecified, local.Kind);
        }
    }

    [Fact]
    public void A_leap_day_and_a_fraction_are_read_to_the_tick()
    {
        Assert.True(ExifDateText.TryParse("2020:02:29 23:59:59.1234567", out var local, out var offset));

        Assert.Equal(new DateTime(2020, 2, 29, 23, 59, 59).AddTicks(1_234_567), local);
        Assert.Null(offset);
    }

    /// <summary>GPSDateStamp texts: the standard form (read by hand) and others (left to MetadataExtractor).</summary>
    public static TheoryData<string, bool> DateStamps() => new()
    {
        { "2011:05:06", true },
        { "2011:05:06\0", false },
        { " 2020:02:29 ", true },
        { "0001:01:01", true },
        { "9999:12:31", true },
        { "2019:02:29", false },
        { "2011:13:01", false },
        { "2011:00:10", false },
        { "2011:04:31", false },
        { "2011-05-06", false },
        { "20110506", false },
        { "2011:5:6", false },
        { "\u0662\u0660\u0661\u0661:05:06", false },
        { "    :  :  ", false },
        { string.Empty, false },
    };

    /// <summary>
    /// The oracle is MetadataExtractor's own parse of the tag (DirectoryExtensions.TryGetDateTime) in the invariant
    /// culture: what the hand reading accepts, it must read as that date; what it refuses is left to that parse.
    /// </summary>
    [Theory]
    [MemberData(nameof(DateStamps))]
    public void A_gps_date_stamp_in_the_standard_form_is_read_by_hand_as_metadata_extractor_reads_it(string text, bool standard)
    {
        var gps = new GpsDirectory();
        gps.Set(GpsDirectory.TagDateStamp, text);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool expectedOk;
        DateTime expected;
        try
        {
            expectedOk = gps.TryGetDateTime(GpsDirectory.TagDateStamp, out expected);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var ok = ExifDateText.TryReadDateStamp(text, out var date);

        Assert.Equal(standard, ok);
        if (ok)
        {
            Assert.True(expectedOk);
            Assert.Equal(expected, date);
        }
    }
}
