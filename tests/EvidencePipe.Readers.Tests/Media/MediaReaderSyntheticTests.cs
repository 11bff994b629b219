using EvidencePipe.Model;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.Media.MediaTestFiles;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// Containers with no real sample in shared/realdata (WebP, TIFF, MP4, QuickTime) and screenshot
/// names, on the hand-made files in fixtures/images/synthetic (exiftool wrote their metadata and
/// read them back into exiftool.json there).
/// </summary>
public sealed class MediaReaderSyntheticTests
{
    private static readonly string Folder = Synthetic(string.Empty);

    [Fact]
    public async Task A_TIFF_with_OffsetTimeOriginal_GPS_and_altitude_below_zero_longitude_is_read_like_exiftool()
    {
        var (media, _) = await ReadOneAsync(Synthetic("scanner.tif"));
        var exif = ExifTool(Folder, "scanner.tif");

        var stated = exif.Instant("Composite:SubSecDateTimeOriginal")!.Value;
        Assert.Equal(stated.UtcDateTime, media.Time.Utc.UtcDateTime);
        Assert.Equal(TimeSpan.FromHours(1), media.Time.Offset);
        Assert.Equal(exif.Number("EXIF:GPSLatitude")!.Value, media.Geo!.Value.Latitude, 6);
        Assert.Equal(-exif.Number("EXIF:GPSLongitude")!.Value, media.Geo!.Value.Longitude, 6); // GPSLongitudeRef W
        Assert.Equal("Canon CanoScan LiDE 400 · 1×1 · alt 21.5 m · time from exif:DateTimeOriginal+OffsetTimeOriginal", media.Text);
        Assert.Equal("image-tiff", media.Source.Format);
        Assert.Equal("image/tiff", media.Attachments[0].MediaType);
    }

    [Fact]
    public async Task A_WebP_with_a_naive_DateTimeOriginal_is_read_in_the_case_zone_and_noted()
    {
        var (media, context) = await ReadOneAsync(Synthetic("phone.webp"));
        var exif = ExifTool(Folder, "phone.webp");

        Assert.Equal(exif.Local("EXIF:DateTimeOriginal"), media.Time.Local.DateTime);
        Assert.Equal(TimeBasis.NaiveLocal, media.Time.Basis);
        Assert.Equal(new DateTimeOffset(2024, 2, 11, 18, 5, 9, TimeSpan.Zero), media.Time.Utc); // GMT in February
        Assert.Equal("Google Pixel 7 · 1×1 · time from exif:DateTimeOriginal, no offset (case zone)", media.Text);
        Assert.Single(context.Diagnostics);
        Assert.Equal("image/webp", media.Attachments[0].MediaType);
    }

    [Theory]
    [InlineData("clip.mp4", "video-mp4", "video/mp4", "640×480")]
    [InlineData("clip.mov", "video-quicktime", "video/quicktime", "1920×1080")]
    public async Task A_video_takes_its_time_from_the_movie_header_as_UTC(string file, string format, string mediaType, string size)
    {
        var (media, context) = await ReadOneAsync(Synthetic(file));
        var exif = ExifTool(Folder, file);

        // exiftool shows QuickTime:CreateDate as stored: UTC (ISO/IEC 14496-12 §8.2.2.3).
        Assert.Equal(exif.Local("QuickTime:CreateDate"), media.Time.Utc.UtcDateTime);
        Assert.Equal(TimeBasis.ExplicitOffset, media.Time.Basis);
        Assert.Equal("video", media.Channel);
        Assert.Equal(format, media.Source.Format);
        Assert.Equal(mediaType, media.Attachments[0].MediaType);
        Assert.Equal(size + " · time from quicktime:mvhd creation time (UTC)", media.Text);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_screenshot_named_by_Android_is_a_screenshot_event_timed_by_its_name()
    {
        var (media, context) = await ReadOneAsync(Synthetic("Screenshot_20240301-221500.png"));

        Assert.Equal("screenshot", media.Channel);
        Assert.Equal(new DateTime(2024, 3, 1, 22, 15, 0), media.Time.Local.DateTime);
        Assert.Equal(TimeBasis.NaiveLocal, media.Time.Basis);
        Assert.Equal("Europe/London", media.Time.Zone);
        Assert.StartsWith("screenshot", media.Text, StringComparison.Ordinal);
        Assert.Contains("taken from the file name", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Screenshot 2024-03-01 at 22.15.00.png", "2024-03-01T22:15:00", true)]
    [InlineData("Screen Shot 2020-05-04 at 6.39.11 PM.png", "2020-05-04T18:39:11", true)]
    [InlineData("Screenshot_2024-03-01-22-15-00-123_com.whatsapp.png", "2024-03-01T22:15:00", true)]
    [InlineData("Screenshot 2024-03-01 221500.png", "2024-03-01T22:15:00", true)]
    [InlineData("IMG_20240301_221500.png", "2024-03-01T22:15:00", false)]
    [InlineData("PXL_20240301_221500123.png", "2024-03-01T22:15:00", false)]
    public async Task Screenshot_and_camera_file_names_give_the_time_and_only_screenshot_names_the_label(string name, string expected, bool screenshot)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(name);
        File.Copy(Synthetic("Screenshot_20240301-221500.png"), path);

        var (media, _) = await ReadOneAsync(path);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), media.Time.Local.DateTime);
        Assert.Equal(screenshot ? "screenshot" : "image", media.Channel);
    }

    [Fact]
    public async Task A_PNG_with_no_time_anywhere_falls_back_to_the_file_system_time_with_a_note()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("drawing.png");
        File.Copy(Synthetic("Screenshot_20240301-221500.png"), path);
        File.SetLastWriteTimeUtc(path, new DateTime(2022, 1, 2, 3, 4, 5, DateTimeKind.Utc));

        var (media, context) = await ReadOneAsync(path);

        Assert.Equal(new DateTimeOffset(2022, 1, 2, 3, 4, 5, TimeSpan.Zero), media.Time.Utc);
        Assert.Equal(TimeBasis.FileModified, media.Time.Basis);
        Assert.Equal("file-modified", media.Time.BasisName);
        Assert.EndsWith("time from file-modified (NOT a capture time)", media.Text, StringComparison.Ordinal);
        Assert.Contains("it is NOT a capture time", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_whose_only_original_date_is_in_XMP_takes_it_with_its_zone_not_a_modify_time()
    {
        var (media, _) = await ReadOneAsync(Synthetic("xmp-original.jpg"));
        var exif = ExifTool(Folder, "xmp-original.jpg");

        var stated = exif.Instant("XMP:DateTimeOriginal")!.Value;
        Assert.Equal(stated.UtcDateTime, media.Time.Utc.UtcDateTime);
        Assert.Equal(TimeSpan.FromHours(9), media.Time.Offset);
        Assert.Equal(TimeBasis.ExplicitOffset, media.Time.Basis);
        Assert.EndsWith("time from xmp:exif:DateTimeOriginal", media.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photoshop_DateCreated_with_its_zone_is_the_capture_time_when_nothing_better_exists()
    {
        var (media, _) = await ReadOneAsync(Synthetic("xmp-datecreated.jpg"));
        var exif = ExifTool(Folder, "xmp-datecreated.jpg");

        var stated = exif.Instant("XMP:DateCreated")!.Value;
        Assert.Equal(stated.UtcDateTime, media.Time.Utc.UtcDateTime);
        Assert.Equal(TimeSpan.FromHours(-5), media.Time.Offset);
        Assert.EndsWith("time from xmp:photoshop:DateCreated", media.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GPS_stamp_alone_gives_the_UTC_instant_named_as_GPS_time()
    {
        var (media, context) = await ReadOneAsync(Synthetic("gps-only.jpg"));
        var exif = ExifTool(Folder, "gps-only.jpg");

        Assert.Equal(exif.Instant("Composite:GPSDateTime")!.Value.UtcDateTime, media.Time.Utc.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, media.Time.Offset);
        Assert.EndsWith("time from gps:GPSDateStamp+GPSTimeStamp (UTC)", media.Text, StringComparison.Ordinal);
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains("GPS date/time stamp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_IFD0_modify_time_is_used_only_after_every_capture_source_and_is_named_as_a_last_change()
    {
        var (media, _) = await ReadOneAsync(Synthetic("modify-only.jpg"));
        var exif = ExifTool(Folder, "modify-only.jpg");

        Assert.Equal(exif.Local("EXIF:ModifyDate"), media.Time.Local.DateTime);
        Assert.Equal(TimeBasis.NaiveLocal, media.Time.Basis);
        Assert.EndsWith("time from exif:DateTime (last change), no offset (case zone)", media.Text, StringComparison.Ordinal);
    }
}
