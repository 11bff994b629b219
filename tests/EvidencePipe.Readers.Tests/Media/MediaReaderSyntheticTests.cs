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
        Assert.Equal("Canon CanoScan LiDE 400 · 1×1 · alt 21.5 m", media.Text);
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
        Assert.Equal("Google Pixel 7 · 1×1", media.Text);
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
        Assert.Equal(size, media.Text);
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
        Assert.Equal(TimeBasis.Epoch, media.Time.Basis);
        Assert.Contains("file system's modification time", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }
}
