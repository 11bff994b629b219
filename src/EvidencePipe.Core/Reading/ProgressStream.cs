namespace EvidencePipe.Reading;

/// <summary>
/// A read-only pass-through over an evidence file that reports the position reached after each read,
/// so an ingest's progress can follow the bytes its readers have consumed inside a source rather than
/// only count the sources finished. Seeking is passed through (readers that seek report where they are).
/// </summary>
internal sealed class ProgressStream(Stream inner, Action<long> reached) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Reached(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Reached(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Reached(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Reached(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override int ReadByte()
    {
        var b = inner.ReadByte();
        if (b >= 0)
        {
            Reached(1);
        }

        return b;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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

    private int Reached(int read)
    {
        if (read > 0 && inner.CanSeek)
        {
            reached(inner.Position);
        }

        return read;
    }
}
