namespace EvidencePipe.Reading;

/// <summary>
/// Streams the records of one source. Must never load a whole export into memory, must report bad
/// records through <see cref="ReadContext"/> and carry on, and must only open the source through
/// <see cref="EvidenceSource.OpenRead"/>.
/// </summary>
public interface IEvidenceReader
{
    string Format { get; }

    IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken);
}
