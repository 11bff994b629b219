using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// A media file's metadata directories, and its XMP directories on demand: for JPEG the packet is
/// parsed only when <see cref="Xmp"/> is called (the capture time needs it only when Exif states no
/// offset), and then only if it can matter (<paramref name="xmp"/> is told whether only a zoned date would),
/// so speed holds for the common case.
/// </summary>
internal sealed class MediaMetadata(IReadOnlyList<MeDirectory> directories, Func<bool, IReadOnlyList<MeDirectory>> xmp)
{
    private IReadOnlyList<MeDirectory>? _xmp;
    private bool _xmpZonedOnly;

    public IReadOnlyList<MeDirectory> Directories { get; } = directories;

    /// <param name="zonedOnly">
    /// Only an XMP date that states its zone can change the result (Exif already gave the wall clock): a JPEG packet in
    /// which no time is followed by a zone is then not parsed at all. A later call that wants every date reads again.
    /// </param>
    public IReadOnlyList<MeDirectory> Xmp(bool zonedOnly = false)
    {
        if (_xmp is null || (_xmpZonedOnly && !zonedOnly))
        {
            _xmp = xmp(zonedOnly);
            _xmpZonedOnly = zonedOnly;
        }

        return _xmp;
    }
}
