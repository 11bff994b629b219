using System.Globalization;
using System.Security.Cryptography;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using static EvidencePipe.Readers.Tests.Media.MediaTestFiles;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// Every real image in fixtures/images (copied from shared/realdata/images) against exiftool's reading
/// of it (fixtures/images/exiftool.json, written by tools/images_golden.sh): time, offset, GPS, device,
/// size and hash. Where we legitimately read a file differently from exiftool, the case says why.
/// </summary>
public sealed class MediaReaderGoldenTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>How the capture time must have been found, for each real fixture.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        // DateTimeOriginal + OffsetTimeOriginal: exiftool's Composite:SubSecDateTimeOriginal, offset and all.
        { "Issue 437 (dotnet).heic", TimeRule.StatedOffset }, // MetadataExtractor throws; Exif recovered by hand
        { "exif-at-eof.heic", TimeRule.StatedOffset },
        // No offset, but a GPS date/time stamp (UTC) that agrees with DateTimeOriginal: exiftool's
        // Composite:GPSDateTime, with the offset DateTimeOriginal − GPS rounded to 15 minutes.
        { "HTC Desire.jpg", TimeRule.Gps },
        { "IMG_1034.heic", TimeRule.Gps },
        { "Oppo R7 Plus.jpg", TimeRule.Gps },
        // Naive DateTimeOriginal, read in the case zone (Europe/London) and noted.
        { "Apple iPhone 4.jpg", TimeRule.Naive }, // a GPS time stamp but no GPS date stamp
        { "Issue 308.jpg", TimeRule.Naive }, // GPS date 2017-01-01 00:00Z beside 0,0: bogus, disagrees by months
        { "Issue 487.heic", TimeRule.Naive },
        { "Issue 508.jpg", TimeRule.Naive }, // a GPS date stamp without a time stamp
        { "Nokia Lumia 800.jpg", TimeRule.Naive }, // XMP says +01:00; we read Exif only (London in June is +01:00 too)
        { "Samsung GT-I9000 (Galaxy S).jpg", TimeRule.Naive },
        // PNG: ImageMagick's tEXt date:create, ISO 8601 with offset (exiftool's PNG:Datecreate).
        { "Issue 204 (dotnet).png", TimeRule.PngText },
        { "sampleWithExifData.png", TimeRule.PngText },
        // exiftool reads the time and GPS from FLIR's own APP1 record, which we do not parse: no capture
        // time is left, so the file system's modification time stands in (noted), and there is no Geo.
        { "FLIR iPhone device.jpg", TimeRule.FileSystem },
    };

    [Fact]
    public void Every_image_exiftool_read_has_a_golden_case()
    {
        var covered = Cases.Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        Assert.Equal(ExifToolFiles(Fixture(string.Empty)).Order(StringComparer.Ordinal), covered);
        var onDisk = Directory.GetFiles(Fixture(string.Empty)).Select(Path.GetFileName).Where(n => n != "exiftool.json").Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, covered);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_capture_time_and_offset_agree_with_exiftool(string file, string rule)
    {
        var (media, context) = await ReadOneAsync(Fixture(file));
        var exif = ExifTool(Fixture(string.Empty), file);
        var time = media.Time;
        switch (rule)
        {
            case TimeRule.StatedOffset:
                var stated = exif.Instant("Composite:SubSecDateTimeOriginal")!.Value;
                Assert.Equal(stated.UtcDateTime, time.Utc.UtcDateTime);
                Assert.Equal(stated.Offset, time.Offset);
                Assert.Equal(TimeBasis.ExplicitOffset, time.Basis);
                break;
            case TimeRule.Gps:
                var gps = exif.Instant("Composite:GPSDateTime")!.Value;
                var original = exif.Local("Composite:SubSecDateTimeOriginal") ?? exif.Local("EXIF:DateTimeOriginal")!.Value;
                var offset = TimeSpan.FromMinutes(Math.Round((original - gps.UtcDateTime).TotalMinutes / 15) * 15);
                Assert.Equal(gps.UtcDateTime, time.Utc.UtcDateTime);
                Assert.Equal(offset, time.Offset);
                Assert.Equal(TimeBasis.ExplicitOffset, time.Basis);
                break;
            case TimeRule.Naive:
                var wallClock = exif.Local("Composite:SubSecDateTimeOriginal") ?? exif.Local("EXIF:DateTimeOriginal")!.Value;
                Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(wallClock, London), time.Utc.UtcDateTime);
                Assert.Equal(wallClock, time.Local.DateTime);
                Assert.Equal(TimeBasis.NaiveLocal, time.Basis);
                Assert.Contains(context.Diagnostics, d => d.Reason.Contains("states no UTC offset", StringComparison.Ordinal));
                break;
            case TimeRule.PngText:
                var created = exif.Instant("PNG:Datecreate")!.Value;
                Assert.Equal(created.UtcDateTime, time.Utc.UtcDateTime);
                Assert.Equal(created.Offset, time.Offset);
                Assert.Contains(context.Diagnostics, d => d.Reason.Contains("PNG text 'date:create'", StringComparison.Ordinal));
                break;
            case TimeRule.FileSystem:
                Assert.Equal(TimeBasis.Epoch, time.Basis);
                Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(Fixture(file))).ToUnixTimeMilliseconds(), time.UnixMilliseconds);
                Assert.Contains(context.Diagnostics, d => d.Reason.Contains("file system's modification time", StringComparison.Ordinal));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_GPS_position_and_altitude_agree_with_exiftool_and_zero_positions_count_as_missing(string file, string rule)
    {
        _ = rule;
        var (media, _) = await ReadOneAsync(Fixture(file));
        var exif = ExifTool(Fixture(string.Empty), file);
        var lat = exif.Number("Composite:GPSLatitude");
        var lon = exif.Number("Composite:GPSLongitude");
        if (lat is null || lon is null || (lat == 0 && lon == 0))
        {
            Assert.Null(media.Geo);
            Assert.DoesNotContain("alt ", media.Text, StringComparison.Ordinal);
            return;
        }

        Assert.NotNull(media.Geo);
        Assert.Equal(lat.Value, media.Geo.Value.Latitude, 6);
        Assert.Equal(lon.Value, media.Geo.Value.Longitude, 6);
        if (exif.Number("Composite:GPSAltitude") is { } altitude)
        {
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"alt {altitude:0.#} m"), media.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Device_software_and_size_agree_with_exiftool_and_are_in_the_searchable_text(string file, string rule)
    {
        _ = rule;
        var (media, _) = await ReadOneAsync(Fixture(file));
        var exif = ExifTool(Fixture(string.Empty), file);
        Assert.NotNull(media.Text);
        foreach (var tag in new[] { "EXIF:Make", "EXIF:Model" })
        {
            if (exif.String(tag) is { Length: > 0 } value)
            {
                Assert.Contains(value, media.Text, StringComparison.Ordinal);
            }
        }

        if (exif.String("EXIF:Software") is { Length: > 0 } software)
        {
            Assert.Contains("software " + software, media.Text, StringComparison.Ordinal);
        }

        var width = exif.Number("File:ImageWidth") ?? exif.Number("PNG:ImageWidth");
        var height = exif.Number("File:ImageHeight") ?? exif.Number("PNG:ImageHeight");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{width}×{height}"), media.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_image_is_one_media_event_whose_attachment_is_the_file_itself(string file, string rule)
    {
        _ = rule;
        var (media, context) = await ReadOneAsync(Fixture(file));
        var exif = ExifTool(Fixture(string.Empty), file);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Fixture(file))));

        Assert.Equal(EventKind.Media, media.Kind);
        Assert.Equal("image", media.Channel);
        Assert.Equal(Direction.Unknown, media.Direction);
        var attachment = Assert.Single(media.Attachments);
        Assert.Equal(file, attachment.Name);
        Assert.Equal(exif.String("File:MIMEType"), attachment.MediaType);
        Assert.Equal((long)exif.Number("File:FileSize")!.Value, attachment.Size);
        Assert.Equal(sha, attachment.Sha256);
        Assert.Equal(sha, media.Source.Sha256);
        Assert.Equal("file", media.Source.Locator);
        Assert.Equal(context.EventId("file"), media.Id);
        Assert.Equal("image-" + (exif.String("File:FileType") is "HEIC" ? "heif" : exif.String("File:FileType")!.ToLowerInvariant()), media.Source.Format);
    }

    [Fact]
    public async Task The_HEIF_file_MetadataExtractor_throws_on_is_read_from_its_recovered_Exif_item()
    {
        var (media, context) = await ReadOneAsync(Fixture("Issue 437 (dotnet).heic"));

        Assert.Equal(1, context.Recovered);
        var recovered = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered);
        Assert.Contains("MetadataExtractor 2.4.3 failed on the HEIF container", recovered.Reason, StringComparison.Ordinal);
        Assert.Contains("recovered from meta/iinf/iloc", recovered.Reason, StringComparison.Ordinal);
        Assert.Equal("samsung Galaxy S24 FE · 4000×1848 · software S721BXXS3AYB3", media.Text);
    }

    [Fact]
    public async Task A_PNG_without_camera_make_or_model_is_labelled_a_possible_screenshot_but_stays_an_image()
    {
        var (media, _) = await ReadOneAsync(Fixture("Issue 204 (dotnet).png"));

        Assert.Equal("image", media.Channel);
        Assert.StartsWith("possible screenshot", media.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_an_image_changes_neither_it_nor_its_folder()
    {
        using var dir = new TestSupport.TempDirectory();
        var path = dir.Combine("IMG_1034.heic");
        File.Copy(Fixture("IMG_1034.heic"), path);
        var before = (Hash(path), Listing(dir.Path), File.GetLastWriteTimeUtc(path));

        await ReadAsync(path);

        Assert.Equal(before, (Hash(path), Listing(dir.Path), File.GetLastWriteTimeUtc(path)));
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Listing(string dir) => string.Join("|", Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal));
}

/// <summary>The capture-time rules a golden case expects.</summary>
internal static class TimeRule
{
    public const string StatedOffset = "stated-offset";
    public const string Gps = "gps";
    public const string Naive = "naive";
    public const string PngText = "png-text";
    public const string FileSystem = "file-system";
}
