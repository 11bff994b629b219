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

    /// <summary>Every real image exiftool read (fixtures/images/exiftool.json).</summary>
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in ExifToolFiles(Fixture(string.Empty)).Order(StringComparer.Ordinal))
            {
                data.Add(file);
            }

            return data;
        }
    }

    [Fact]
    public void Every_real_image_and_photo_in_shared_realdata_is_a_fixture_exiftool_read()
    {
        var covered = ExifToolFiles(Fixture(string.Empty)).Order(StringComparer.Ordinal).ToList();
        var onDisk = Directory.GetFiles(Fixture(string.Empty)).Select(Path.GetFileName).Where(n => n != "exiftool.json").Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, covered);

        // fixtures/SOURCES.md lists where each came from; shared/realdata (beside the repository, when
        // present) must have nothing in images/ or photo/ that is not here byte for byte.
        var shared = Path.Combine(TestSupport.RepoPaths.Root, "..", "shared", "realdata");
        var listed = File.ReadAllText(TestSupport.RepoPaths.Fixture("SOURCES.md"));
        foreach (var file in covered)
        {
            Assert.Contains("`fixtures/images/" + file + "`", listed, StringComparison.Ordinal);
        }

        foreach (var folder in new[] { "images", "photo" }.Select(f => Path.Combine(shared, f)).Where(Directory.Exists))
        {
            foreach (var real in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(real);
                Assert.Contains(name, covered);
                Assert.Equal(Hash(real), Hash(Fixture(name)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task The_capture_time_offset_and_basis_agree_with_exiftool_read_in_the_documented_order(string file) => AgreeWithExifTool(file);

    /// <summary>
    /// The same agreement with the reader called in a culture whose calendar is not the Gregorian one (ar-SA: Umm
    /// al-Qura), as on an examiner's machine set to Arabic (Saudi Arabia): MetadataExtractor's own GPS date parse uses
    /// the current culture, and read no GPS date there, so five of these files lost their GPS-derived offset.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_capture_time_agrees_with_exiftool_when_read_in_a_culture_with_another_calendar(string file)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ar-SA");
        try
        {
            Assert.IsNotType<GregorianCalendar>(CultureInfo.CurrentCulture.Calendar);
            await AgreeWithExifTool(file);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private static async Task AgreeWithExifTool(string file)
    {
        var (media, context) = await ReadOneAsync(Fixture(file));
        var expected = ExifToolCaptureOracle.Expect(ExifTool(Fixture(string.Empty), file), Fixture(file), London);

        Assert.Equal(expected.Utc, media.Time.Utc.UtcDateTime);
        Assert.Equal(expected.Offset, media.Time.Offset);
        Assert.Equal(expected.Basis, media.Time.Basis);
        Assert.EndsWith("time from " + expected.Named, media.Text, StringComparison.Ordinal);
        if (expected.Basis == TimeBasis.FileModified)
        {
            Assert.Contains(context.Diagnostics, d => d.Reason.Contains("it is NOT a capture time", StringComparison.Ordinal));
        }
    }

    /// <summary>Which step of the order each real file lands on: every step the real set can show is shown.</summary>
    [Theory]
    [InlineData("Issue 437 (dotnet).heic", "exif:DateTimeOriginal+OffsetTimeOriginal")]
    [InlineData("heic-iphone7.heic", "exif:DateTimeOriginal+OffsetTimeOriginal")]
    [InlineData("Nokia Lumia 800.jpg", "exif:DateTimeOriginal+zone from xmp:exif:DateTimeOriginal")]
    [InlineData("IMG_20180725_163423.jpg", "exif:DateTimeOriginal+offset from GPS time")]
    [InlineData("heic-iphone.heic", "exif:DateTimeOriginal+offset from GPS time")]
    [InlineData("Issue 308.jpg", "exif:DateTimeOriginal, no offset (case zone)")] // XMP CreateDate disagrees; GPS date bogus
    [InlineData("Issue 204 (dotnet).png", "png:date:create")]
    [InlineData("heic-empty.heic", "file-modified (NOT a capture time)")]
    public async Task Each_basis_the_real_files_show_is_named_in_the_event(string file, string basis)
    {
        var (media, _) = await ReadOneAsync(Fixture(file));
        Assert.EndsWith("time from " + basis, media.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_FLIR_record_exiftool_reads_is_not_decoded_so_the_file_time_stands_in_flagged_as_not_a_capture_time()
    {
        // Intended difference: exiftool reads DateTimeOriginal from FLIR's own APP1 record; MetadataExtractor
        // 2.4.3 has no FLIR reader. The file-system time is used, basis file-modified — never "epoch".
        var exif = ExifTool(Fixture(string.Empty), "FLIR iPhone device.jpg");
        Assert.NotNull(exif.Instant("APP1:DateTimeOriginal"));

        var (media, context) = await ReadOneAsync(Fixture("FLIR iPhone device.jpg"));

        Assert.Equal(TimeBasis.FileModified, media.Time.Basis);
        Assert.Equal("file-modified", media.Time.BasisName);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(Fixture("FLIR iPhone device.jpg"))).ToUnixTimeMilliseconds(), media.Time.UnixMilliseconds);
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains("it is NOT a capture time", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_GPS_position_and_altitude_agree_with_exiftool_and_zero_positions_count_as_missing(string file)
    {
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
    public async Task Device_software_and_size_agree_with_exiftool_and_are_in_the_searchable_text(string file)
    {
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
    public async Task Each_image_is_one_media_event_whose_attachment_is_the_file_itself(string file)
    {
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
        Assert.Equal("samsung Galaxy S24 FE · 4000×1848 · software S721BXXS3AYB3 · time from exif:DateTimeOriginal+OffsetTimeOriginal", media.Text);
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
