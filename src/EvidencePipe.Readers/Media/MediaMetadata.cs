using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// A media file's metadata directories, and its XMP directories on demand: for JPEG the packet is
/// parsed only when <see cref="Xmp"/> is called (the capture time needs it only when Exif states no
/// offset), so speed holds for the common case.
/// </summary>
internal sealed class MediaMetadata(IReadOnlyList<MeDirectory> directories, Func<IReadOnlyList<MeDirectory>> xmp)
{
    private IReadOnlyList<MeDirectory>? _xmp;

    public IReadOnlyList<MeDirectory> Directories { get; } = directories;

    public IReadOnlyList<MeDirectory> Xmp() => _xmp ??= xmp();
}
