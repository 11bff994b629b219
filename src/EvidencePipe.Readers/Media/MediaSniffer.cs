using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Recognises photos and videos — JPEG, PNG, WebP, TIFF, HEIF/HEIC/AVIF, MP4/3GPP and QuickTime —
/// by their signature bytes (see <see cref="MediaMagic"/>). One format name for all of them; the
/// reader narrows it per file (<c>image-jpeg</c>, <c>video-quicktime</c>, …) with
/// <see cref="ReadContext.RefineFormat"/>.
/// </summary>
public sealed class MediaSniffer : IFormatSniffer
{
    public string Format => MediaReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head) => MediaMagic.Detect(head) is not null;
}
