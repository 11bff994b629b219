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

    /// <summary>The next line including its LF (the last line may have none); empty at the end of the file.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> NextAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var lf = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                return Take(scanned + lf + 1);
            }

            scanned = _end - _start;
            if (_eof)
            {
                return Take(_end - _start);
            }

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
                if (_buffer.Length >= EmailFormats.MaxMessageBytes)
                {
                    return Take(_end - _start); // an absurdly long line: hand it over in pieces
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                _eof = true;
            }

            _end += n;
        }
    }

    private ReadOnlyMemory<byte> Take(int length)
    {
        LineOffset = _bufferBase + _start;
        var line = _buffer.AsMemory(_start, length);
        _start += length;
        return line;
    }
}
