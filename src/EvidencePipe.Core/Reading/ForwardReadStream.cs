namespace EvidencePipe.Reading;

/// <summary>
/// A stream that can only be read, front to back (an archive entry, bytes replayed before the rest of a stream): a
/// subclass supplies <see cref="Read(Span{byte})"/>; length, position, seeking and writing are refused, as
/// <see cref="Stream"/>'s contract asks of a stream whose <see cref="CanSeek"/> and <see cref="CanWrite"/> are false.
/// </summary>
public abstract class ForwardReadStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
