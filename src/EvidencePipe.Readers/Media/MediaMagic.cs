using System.Buffers.Binary;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Identifies a media container from its leading bytes (its signature), never from a file name:
/// JPEG SOI + marker (ITU T.81 B.2.1), PNG signature (PNG spec §5.2), RIFF/WEBP (Google's WebP
/// container spec), TIFF byte-order header (TIFF 6.0 §2), and ISO-BMFF <c>ftyp</c> brands
/// (ISO/IEC 14496-12 §4.3; HEIF brands from ISO/IEC 23008-12 §B.4 and §10; QuickTime File Format
/// "File type compatibility atom").
/// </summary>
internal static class MediaMagic
{
    // HEIF/HEIC still images and sequences (ISO/IEC 23008-12) and AVIF (AV1 Image File Format §9).
    private static readonly string[] HeicBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"];
    private static readonly string[] HeifBrands = ["mif1", "msf1", "mif2", "miaf"];
    private static readonly string[] AvifBrands = ["avif", "avis"];

    // ISO base media / MP4 video brands (ISO/IEC 14496-12, -14, -15) and 3GPP (TS 26.244 §5.4).
    private static readonly string[] Mp4Brands = ["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9", "mp41", "mp42", "avc1", "M4V ", "M4VP", "M4VH", "dash", "MSNV", "f4v ", "mmp4", "XAVC", "NDAS"];
    private static readonly string[] ThreeGppBrands = ["3gp4", "3gp5", "3gp6", "3gp7", "3gg6", "3g2a", "3g2b", "3g2c", "3ge6", "3ge7", "3gs7"];

    // Audio-only brands (iTunes M4A/M4B/M4P): not media this reader places on the timeline.
    private static readonly string[] AudioBrands = ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "];

    // A sentinel: an audio brand is recognised, and means "not ours".
    private static readonly MediaFamily AudioOnly = new("audio", "audio", "audio/mp4", IsVideo: false);

    // QuickTime files from before the ftyp atom start straight with one of these atoms.
    private static readonly string[] LegacyQuickTimeAtoms = ["moov", "mdat", "wide", "pnot"];

    public static MediaFamily? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return MediaFamily.Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return MediaFamily.Png;
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return MediaFamily.WebP;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return MediaFamily.Tiff;
        }

        return DetectIsoBmff(head);
    }

    private static MediaFamily? DetectIsoBmff(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        var type = FourCc(head[4..8]);
        if (type != "ftyp")
        {
            return size >= 8 && Array.IndexOf(LegacyQuickTimeAtoms, type) >= 0 ? MediaFamily.QuickTime : null;
        }

        if (size < 16 || head.Length < 16)
        {
            return null;
        }

        var major = FourCc(head[8..12]);
        var brands = new List<string> { major };
        var end = (int)Math.Min(size, (uint)head.Length);
        for (var i = 16; i + 4 <= end; i += 4)
        {
            brands.Add(FourCc(head.Slice(i, 4)));
        }

        // The major brand decides; compatible brands only when the major one is unknown here.
        var byMajor = Classify(major);
        if (byMajor is not null)
        {
            return byMajor == AudioOnly ? null : byMajor;
        }

        foreach (var brand in brands.Skip(1))
        {
            if (Classify(brand) is { } family && family != AudioOnly)
            {
                return family;
            }
        }

        return null;
    }

    private static MediaFamily? Classify(string brand)
    {
        if (HeicBrands.Contains(brand))
        {
            return MediaFamily.Heic;
        }

        if (HeifBrands.Contains(brand))
        {
            return MediaFamily.Heif;
        }

        if (AvifBrands.Contains(brand))
        {
            return MediaFamily.Avif;
        }

        if (brand == "qt  ")
        {
            return MediaFamily.QuickTime;
        }

        if (Mp4Brands.Contains(brand))
        {
            return MediaFamily.Mp4;
        }

        if (ThreeGppBrands.Contains(brand))
        {
            return MediaFamily.ThreeGpp;
        }

        if (AudioBrands.Contains(brand))
        {
            return AudioOnly;
        }

        return null;
    }

    private static string FourCc(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return new string(chars);
    }
}
