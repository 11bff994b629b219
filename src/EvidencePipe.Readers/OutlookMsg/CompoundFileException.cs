namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>Damage in a compound file, with the byte offset where it was found (-1 when inside a stream).</summary>
internal sealed class CompoundFileException(long offset, string reason) : Exception(reason)
{
    public long Offset { get; } = offset;
}
