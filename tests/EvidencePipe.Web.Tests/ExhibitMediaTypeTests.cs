namespace EvidencePipe.Web.Tests;

public sealed class ExhibitMediaTypeTests
{
    [Theory]
    [InlineData("image-jpeg", "image/jpeg", true)]
    [InlineData("image-png", "image/png", true)]
    [InlineData("image-webp", "image/webp", true)]
    [InlineData("image-heif", "image/heif", false)]
    [InlineData("image-tiff", "image/tiff", false)]
    [InlineData("video-mp4", "video/mp4", false)]
    [InlineData("mbox", "application/octet-stream", false)]
    [InlineData(null, "application/octet-stream", false)]
    public void A_recorded_format_gives_its_type_and_only_drawable_images_are_inline(string? format, string type, bool inline)
    {
        Assert.Equal(new ExhibitMediaType(type, inline), ExhibitMediaType.ForFormat(format));
    }

    [Theory]
    [InlineData("image/svg+xml")]
    [InlineData("text/html")]
    [InlineData("application/xhtml+xml")]
    [InlineData("text/xml")]
    [InlineData("application/pdf")]
    public void A_script_capable_type_is_never_inline(string type)
    {
        Assert.False(ExhibitMediaType.For(type).Inline);
    }
}
