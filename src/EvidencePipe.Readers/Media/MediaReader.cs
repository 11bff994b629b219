using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Turns one photo or video into one <see cref="EventKind.Media"/> event located <c>file</c>: when it
/// was taken (<see cref="CaptureTimeResolver"/>), where (<see cref="CommunicationEvent.Geo"/>), with
/// what (make/model/software, size and altitude in <see cref="CommunicationEvent.Text"/>), and the
/// file itself as the one attachment (name, media type, size, the source's SHA-256) so that copies
/// sent in messages can be matched by hash. Channel <c>image</c>, <c>video</c> or <c>screenshot</c>.
/// Reads only the metadata (MetadataExtractor stops before the image data; the HEIF recovery reads
/// box headers, <c>meta</c> and the Exif extents), never the whole file.
/// </summary>
public sealed class MediaReader : IEvidenceReader
{
    public const string FormatName = "media";

    private readonly OcrEngine? _ocr;

    /// <summary>A reader of metadata only (no OCR).</summary>
    public MediaReader()
    {
    }

    /// <param name="ocr">Reads the text of screenshots (<see cref="ScreenshotText"/>); null reads metadata only.</param>
    public MediaReader(OcrEngine? ocr) => _ocr = ocr;

    private const string Locator = MediaMetadataLoader.Locator;

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var local = TryOpenLocal(source, context);
        if (local is null)
        {
            yield break;
        }

        using (local)
        {
            // Random access is needed (HEIF/MP4 boxes, Exif at the end of a file): a plain file is read in
            // place, read-only; a zip entry through the private copy OpenLocalFile made.
            var stream = TryOpen(local.Path, context);
            if (stream is null)
            {
                yield break;
            }

            // Disposed synchronously: the stream is a synchronous FileStream with nothing to flush.
            using (stream)
            {
                var family = Detect(stream, context);
                if (family is null)
                {
                    yield break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                context.RefineFormat(family.FormatName);
                var media = Build(stream, family, source, context);
                if (media is null)
                {
                    yield break;
                }

                yield return new EventRecord(media);
                if (_ocr is not null && ScreenshotText.Wanted(media, family))
                {
                    foreach (var ocrEvent in await ScreenshotText.ReadAsync(_ocr, local.Path, family, media, context, cancellationToken).ConfigureAwait(false))
                    {
                        yield return new EventRecord(ocrEvent);
                    }
                }
            }
        }
    }

    private static CommunicationEvent? Build(Stream stream, MediaFamily family, EvidenceSource source, ReadContext context)
    {
        var metadata = MediaMetadataLoader.Load(stream, family, context);
        var facts = MediaFacts.From(metadata.Directories, context);
        var name = FileNameTime.Read(source.FileName);
        var time = CaptureTimeResolver.Resolve(metadata, name, source, context);
        if (time is null)
        {
            context.SkippedRecord(Locator, "no capture time anywhere (metadata, file name, file system): the file cannot be placed on the timeline");
            return null;
        }

        var (channel, label) = Classify(family, facts, name);
        return new CommunicationEvent
        {
            Id = context.EventId(Locator),
            Kind = EventKind.Media,
            Channel = channel,
            Direction = Direction.Unknown,
            Time = time.Time,
            Text = MediaText.Describe(facts, family, label, time.Basis),
            Geo = facts.Geo,
            Attachments = [new Attachment(source.FileName, family.MediaType, source.Length, source.Sha256)],
            Source = context.Locate(Locator),
        };
    }

    /// <summary>
    /// Screenshots: the file name (<see cref="FileNameTime"/>) or a tag (Exif UserComment "Screenshot",
    /// as iOS writes; screenshot software) makes the channel <c>screenshot</c>. A PNG without any camera
    /// make/model is only labelled "possible screenshot" in the text: editors and web graphics look the same.
    /// </summary>
    private static (string Channel, string? Label) Classify(MediaFamily family, MediaFacts facts, FileNameFacts name)
    {
        if (!family.IsVideo && (name.IsScreenshot || facts.ScreenshotTag))
        {
            return (MediaChannels.Screenshot, "screenshot");
        }

        if (family == MediaFamily.Png && !facts.HasCamera)
        {
            return (MediaChannels.Image, "possible screenshot (PNG without camera metadata)");
        }

        return (family.IsVideo ? MediaChannels.Video : MediaChannels.Image, null);
    }

    /// <summary>
    /// The family from the leading bytes, read synchronously like the metadata after it: the stream is a synchronous
    /// FileStream, whose ReadAsync only queues the same read to another pool thread (one more thread hop per photo).
    /// </summary>
    private static MediaFamily? Detect(Stream stream, ReadContext context)
    {
        Span<byte> head = stackalloc byte[SniffBuffer.HeadLength];
        int read;
        try
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException ex)
        {
            context.SkippedRecord(Locator, $"the file could not be read: {ex.Message}");
            return null;
        }

        var family = MediaMagic.Detect(head[..read]);
        if (family is null)
        {
            context.SkippedRecord(Locator, read == 0
                ? "the file is empty"
                : "the leading bytes match no JPEG, PNG, WebP, TIFF, HEIF, MP4 or QuickTime signature");
        }

        return family;
    }

    private static LocalEvidenceFile? TryOpenLocal(EvidenceSource source, ReadContext context)
    {
        try
        {
            return source.OpenLocalFile();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            context.SkippedRecord(Locator, $"could not open the file: {ex.Message}");
            return null;
        }
    }

    private static Stream? TryOpen(string path, ReadContext context)
    {
        try
        {
            // Read-only and shared like EvidenceSource.OpenEvidence, but synchronous and windowed: metadata parsers
            // seek and read a few bytes at a time, and an async 64 KiB buffer that is dropped on every seek made this
            // pass several times slower (scripts/bench-images.sh).
            return MetadataFileStream.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.SkippedRecord(Locator, $"could not open the file: {ex.Message}");
            return null;
        }
    }
}
