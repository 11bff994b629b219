using EvidencePipe.Model;
using EvidencePipe.Readers.Media;
using EvidencePipe.Time;
using MetadataExtractor.Formats.Exif.Makernotes;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// No real fixture has a maker note whose date MetadataExtractor 2.4.3 decodes (Olympus camera settings,
/// Reconyx trail cameras), so the library's own directory types are filled as its readers fill them.
/// </summary>
public sealed class MakerNoteDatesTests
{
    private static readonly CaseTimeZone London = new("Europe/London");

    [Fact]
    public void An_Olympus_DateTimeUTC_is_an_explicit_UTC_instant_named_as_the_maker_note()
    {
        var olympus = new OlympusCameraSettingsMakernoteDirectory();
        olympus.Set(OlympusCameraSettingsMakernoteDirectory.TagDateTimeUtc, new DateTime(2019, 7, 1, 10, 20, 30));

        var capture = MakerNoteDates.Find([olympus], London)!;

        Assert.Equal(new DateTimeOffset(2019, 7, 1, 10, 20, 30, TimeSpan.Zero), capture.Time.Utc);
        Assert.Equal(TimeBasis.ExplicitOffset, capture.Time.Basis);
        Assert.Equal("makernote:Olympus DateTimeUTC", capture.Basis);
    }

    [Fact]
    public void A_Reconyx_DateTimeOriginal_is_the_camera_wall_clock_read_in_the_case_zone()
    {
        var reconyx = new ReconyxHyperFireMakernoteDirectory();
        reconyx.Set(ReconyxHyperFireMakernoteDirectory.TagDateTimeOriginal, new DateTime(2020, 7, 1, 12, 0, 0));

        var capture = MakerNoteDates.Find([reconyx], London)!;

        // 12:00 BST (UTC+1) in July, computed by hand.
        Assert.Equal(new DateTimeOffset(2020, 7, 1, 11, 0, 0, TimeSpan.Zero), capture.Time.Utc);
        Assert.Equal(TimeBasis.NaiveLocal, capture.Time.Basis);
        Assert.Equal("makernote:Reconyx HyperFire DateTimeOriginal, no offset (case zone)", capture.Basis);
    }

    [Fact]
    public void A_zeroed_maker_note_clock_is_no_capture_time()
    {
        var olympus = new OlympusCameraSettingsMakernoteDirectory();
        olympus.Set(OlympusCameraSettingsMakernoteDirectory.TagDateTimeUtc, new DateTime(1970, 1, 1));

        Assert.Null(MakerNoteDates.Find(new MeDirectory[] { olympus }, London));
    }

    [Theory]
    [InlineData("2023-05-06T07:08:09+09:00", "2023-05-06T07:08:09", 540)]
    [InlineData("2023-05-06T07:08:09.5Z", "2023-05-06T07:08:09.5", 0)]
    [InlineData("2023-05-06T07:08-05:00", "2023-05-06T07:08:00", -300)]
    [InlineData("2023-05-06T07:08:09", "2023-05-06T07:08:09", null)]
    public void XMP_dates_are_read_with_their_zone_when_they_state_one(string value, string local, int? offsetMinutes)
    {
        Assert.True(XmpDates.TryParse(value, out var parsed, out var offset));
        Assert.Equal(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(offsetMinutes is { } m ? TimeSpan.FromMinutes(m) : null, offset);
    }

    [Theory]
    [InlineData("2023-05-06")]
    [InlineData("2023")]
    [InlineData("yesterday")]
    public void XMP_dates_without_a_time_of_day_place_no_moment(string value) =>
        Assert.False(XmpDates.TryParse(value, out _, out _));
}
