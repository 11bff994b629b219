using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.Media.MediaTestFiles;

namespace EvidencePipe.Readers.Tests.Media;

public sealed class MediaSnifferTests
{
    private readonly MediaSniffer _sniffer = new();

    [Fact]
    public void Every_real_and_synthetic_image_and_video_is_recognised_by_its_content()
    {
        var files = Directory.GetFiles(Fixture(string.Empty)).Concat(Directory.GetFiles(Synthetic(string.Empty)))
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal)).ToList();

        Assert.Equal(27, files.Count); // 18 real (shared/realdata images + photo) + 9 synthetic
        Assert.All(files, f => Assert.True(_sniffer.Matches(ReaderHarness.Head(f)), f));
    }

    [Theory]
    [InlineData("ftypM4A ")] // iTunes audio
    [InlineData("ftypabcd")] // unknown brand
    [InlineData("BEGIN:VC")]
    public void Audio_unknown_brands_and_text_are_not_media(string ascii)
    {
        var head = new byte[32];
        head[3] = 24;
        System.Text.Encoding.ASCII.GetBytes(ascii).CopyTo(head, 4);

        Assert.False(_sniffer.Matches(head));
    }

    [Theory]
    [InlineData("ftyp3gp4")]
    [InlineData("ftypmif1")]
    [InlineData("ftypavif")]
    [InlineData("ftypisom")]
    public void ISO_media_brands_for_pictures_and_video_are_media(string ascii)
    {
        var head = new byte[32];
        head[3] = 24;
        System.Text.Encoding.ASCII.GetBytes(ascii).CopyTo(head, 4);

        Assert.True(_sniffer.Matches(head));
    }

    [Fact]
    public void An_empty_head_is_not_media() => Assert.False(_sniffer.Matches([]));
}
