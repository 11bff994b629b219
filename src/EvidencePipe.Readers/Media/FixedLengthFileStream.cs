namespace EvidencePipe.Readers.Media;

/// <summary>
/// A read-only, seekable view of an evidence file whose length is read once. MetadataExtractor asks
/// a stream for <c>Length</c> before almost every read (<c>SequentialStreamReader.Available</c>), and
/// FileStream answers each time with an <c>fstat</c> system call — that, not parsing, was the largest
/// single cost of a photo's metadata pass (perf, scripts/bench-images.sh). Evidence is opened
/// read-only and is not written while it is read, so the length cannot change underneath.
/// </summary>
internal sealed class FixedLengthFileStream(FileStream inner) : Stream
{
    private readonly long _length = inner.Length;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override int ReadByte() => inner.ReadByte();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("evidence is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("evidence is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
