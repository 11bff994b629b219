using System.Text;
using System.Text.Unicode;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>One physical line of an export, decoded.</summary>
/// <param name="Number">1-based line number, counting LF terminators as <c>grep -n</c> and <c>sed</c> do.</param>
/// <param name="Text">The line without its terminator (LF or CRLF); at most the reader's byte cap.</param>
/// <param name="Truncated">The line was longer than the cap; only its start is in <paramref name="Text"/>.</param>
/// <param name="InvalidUtf8">Some bytes were not UTF-8 and were replaced with U+FFFD.</param>
/// <param name="ByteLength">Bytes the line really had (including any that were not kept).</param>
internal readonly record struct ChatLine(long Number, string Text, bool Truncated, bool InvalidUtf8, long ByteLength);

/// <summary>
/// Splits a UTF-8 stream into lines on raw bytes, so memory stays bounded by the line cap however
/// long a (hostile) line is, and invalid UTF-8 is detected per line rather than silently replaced.
/// LF (0x0A) never occurs inside a multi-byte UTF-8 sequence (RFC 3629 §3), so splitting on bytes is safe.
/// </summary>
internal sealed class ChatLineReader
{
    private const int ContinuationSlack = 4; // bytes kept past the cap so a cut can back off to a character boundary

    // Written as bytes: a "\xEF\xBB\xBF"u8 literal would be the UTF-8 of U+00EF U+00BB U+00BF, not the BOM.
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private byte[] _line = new byte[4096];
    private int _lineLength;
    private long _lineBytes;
    private int _start;
    private int _end;
    private bool _eof;

    public ChatLineReader(Stream stream, int maxLineBytes, int bufferSize)
    {
        _stream = stream;
        _maxLineBytes = Math.Max(16, maxLineBytes);
        _buffer = new byte[bufferSize];
    }

    /// <summary>Number of the last line returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    public async ValueTask<ChatLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        _lineBytes = 0;
        var any = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_start >= _end)
            {
                if (_eof)
                {
                    return any ? Produce() : null;
                }

                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    _eof = true;
                }

                continue;
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Append(span[..newline]);
                _start += newline + 1;
                return Produce();
            }

            Append(span);
            _start = _end;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _lineBytes += bytes.Length;
        var room = _maxLineBytes + ContinuationSlack - _lineLength;
        if (room <= 0)
        {
            return;
        }

        var take = Math.Min(room, bytes.Length);
        if (_lineLength + take > _line.Length)
        {
            var size = _line.Length;
            while (size < _lineLength + take)
            {
                size *= 2;
            }

            Array.Resize(ref _line, Math.Min(size, _maxLineBytes + ContinuationSlack));
        }

        bytes[..take].CopyTo(_line.AsSpan(_lineLength));
        _lineLength += take;
    }

    private ChatLine Produce()
    {
        LineNumber++;
        var length = _lineLength;
        var truncated = _lineBytes > _maxLineBytes;
        if (truncated)
        {
            // Cut before a UTF-8 continuation byte (10xxxxxx) so the kept part ends on a whole character.
            // A UTF-8 character has at most 3 continuation bytes (RFC 3629 §3); back off no further.
            length = _maxLineBytes;
            var floor = length - 3;
            while (length > floor && (_line[length] & 0xC0) == 0x80)
            {
                length--;
            }
        }
        else if (length > 0 && _line[length - 1] == (byte)'\r')
        {
            length--;
        }

        var bytes = _line.AsSpan(0, length);
        if (LineNumber == 1 && bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[3..];
        }

        var valid = Utf8.IsValid(bytes);
        return new ChatLine(LineNumber, Encoding.UTF8.GetString(bytes), truncated, !valid, _lineBytes);
    }
}
