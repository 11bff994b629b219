namespace EvidencePipe.Readers.Media;

/// <summary>
/// A container family the media reader handles. The sniffer accepts all of them under one format
/// name (<c>media</c>); the reader then narrows the source's format to <see cref="FormatName"/>.
/// </summary>
internal sealed record MediaFamily(string Label, string FormatName, string MediaType, bool IsVideo)
{
    public static readonly MediaFamily Jpeg = new("JPEG", "image-jpeg", "image/jpeg", IsVideo: false);
    public static readonly MediaFamily Png = new("PNG", "image-png", "image/png", IsVideo: false);
    public static readonly MediaFamily WebP = new("WebP", "image-webp", "image/webp", IsVideo: false);
    public static readonly MediaFamily Tiff = new("TIFF", "image-tiff", "image/tiff", IsVideo: false);
    public static readonly MediaFamily Heic = new("HEIC", "image-heif", "image/heic", IsVideo: false);
    public static readonly MediaFamily Heif = new("HEIF", "image-heif", "image/heif", IsVideo: false);
    public static readonly MediaFamily Avif = new("AVIF", "image-heif", "image/avif", IsVideo: false);
    public static readonly MediaFamily Mp4 = new("MP4", "video-mp4", "video/mp4", IsVideo: true);
    public static readonly MediaFamily ThreeGpp = new("3GPP", "video-mp4", "video/3gpp", IsVideo: true);
    public static readonly MediaFamily QuickTime = new("QuickTime", "video-quicktime", "video/quicktime", IsVideo: true);

    /// <summary>True for the HEIF still-image container (ISO/IEC 23008-12), whose Exif item may need recovering by hand.</summary>
    public bool IsHeifContainer => FormatName == Heic.FormatName;
}
