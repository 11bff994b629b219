using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Streams a file as lines of bytes, each with its terminator and absolute offset. A line longer than
/// the buffer grows it (up to <see cref="EmailFormats.MaxMessageBytes"/>, then it is cut), so binary
/// junk in a mailbox cannot make it read without bound.
/// </summary>
internal sealed class LineReader(Stream stream)
{
    /// <summary>1 MiB reads: each asynchronous file read is a thread-pool round trip, so fewer, larger reads.</summary>
    private const int InitialBuffer = 1024 * 1024;

    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Offset in the file of the line last returned.</summary>
    public long LineOffset { get; private set; }

    private long _bufferBase;

    /// <summary>Bytes of the current partial line already searched for its LF.</summary>
    private int _scanned;

    /// <summary>The next line including its LF (the last line may have none); empty at the end of the file.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> NextAsync(CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> line;
        while (!TryNext(out line))
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        return line;
    }

    /// <summary>
    /// The next line when the buffer already holds it (or the file has ended): what <see cref="NextAsync"/>
    /// returns, without an asynchronous call per line (a mailbox has ~25 lines per message; the reads are 1 MiB).
    /// False when more of the file must be read first (<see cref="FillAsync"/>).
    /// </summary>
    public bool TryNext(out ReadOnlyMemory<byte> line)
    {
        var lf = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
        if (lf >= 0)
        {
            line = Take(_scanned + lf + 1);
            return true;
        }

        _scanned = _end - _start;
        if (_eof || (_scanned == _buffer.Length && _buffer.Length >= EmailFormats.MaxMessageBytes))
        {
            // The end of the file, or an absurdly long line: handed over in pieces.
            line = Take(_end - _start);
            return true;
        }

        line = default;
        return false;
    }

    /// <summary>Reads more of the file behind the partial line, moving it to the front and growing the buffer when it fills it.</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            // Move the partial line to the front before reading more.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferBase += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    private ReadOnlyMemory<byte> Take(int length)
    {
        LineOffset = _bufferBase + _start;
        _scanned = 0;
        var line = _buffer.AsMemory(_start, length);
        _start += length;
        return line;
    }
}
