using System.Text;
using System.Text.Unicode;

namespace EvidencePipe.Readers.Shared;

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
/// <remarks>
/// Two ways to read: <see cref="MoveNext"/> blocks on the stream and leaves the line decoded in a
/// reused buffer (<see cref="Text"/>), so the hot path allocates nothing per line — the WhatsApp
/// reader runs on a dedicated parse worker over a local file, where a blocking read is far cheaper
/// than an async state machine per line; <see cref="ReadLineAsync"/> returns each line as a
/// <see cref="ChatLine"/> with its own string, for readers that keep lines.
/// </remarks>
internal sealed class ChatLineReader
{
    private const int ContinuationSlack = 4; // bytes kept past the cap so a cut can back off to a character boundary

    // Written as bytes: a "\xEF\xBB\xBF"u8 literal would be the UTF-8 of U+00EF U+00BB U+00BF, not the BOM.
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private byte[] _line = new byte[4096];
    private char[] _chars = new char[4096];
    private int _charLength;
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

    /// <summary>Number of the last line read (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The last line read by <see cref="MoveNext"/>, decoded; valid (and writable in place) until the next read.</summary>
    public Span<char> Text => _chars.AsSpan(0, _charLength);

    /// <summary>The last line was longer than the cap; only its start is in <see cref="Text"/>.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Some bytes of the last line were not UTF-8 and were replaced with U+FFFD.</summary>
    public bool InvalidUtf8 { get; private set; }

    /// <summary>Bytes the last line really had (including any that were not kept).</summary>
    public long ByteLength => _lineBytes;

    /// <summary>Reads the next line into <see cref="Text"/>; false at the end of the stream.</summary>
    public bool MoveNext(CancellationToken cancellationToken)
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
                    if (!any)
                    {
                        return false;
                    }

                    Decode(Finish());
                    return true;
                }

                _start = 0;
                _end = _stream.Read(_buffer);
                _eof = _end == 0;
                continue;
            }

            any = true;
            if (TakeLine(out var inBuffer, out var whole))
            {
                Decode(inBuffer ? FinishWhole(whole) : Finish());
                return true;
            }
        }
    }

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
                    return any ? Produce(Finish()) : null;
                }

                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                _eof = _end == 0;
                continue;
            }

            any = true;
            if (TakeLine(out var inBuffer, out var whole))
            {
                return Produce(inBuffer ? FinishWhole(whole) : Finish());
            }
        }
    }

    /// <summary>
    /// Consumes buffered bytes up to the next LF. True when the line is complete; then, when
    /// <paramref name="inBuffer"/>, <paramref name="whole"/> is the line's bytes lying whole in the
    /// read buffer (no copy needed), otherwise the line was gathered into the line buffer.
    /// </summary>
    private bool TakeLine(out bool inBuffer, out ReadOnlySpan<byte> whole)
    {
        inBuffer = false;
        whole = default;
        var span = _buffer.AsSpan(_start, _end - _start);
        var newline = span.IndexOf((byte)'\n');
        if (newline < 0)
        {
            Append(span);
            _start = _end;
            return false;
        }

        if (_lineBytes == 0 && newline <= _maxLineBytes)
        {
            // The common case: the line started in this buffer and fits under the cap.
            inBuffer = true;
            whole = span[..newline];
            _lineBytes = newline;
        }
        else
        {
            Append(span[..newline]);
        }

        _start += newline + 1;
        return true;
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

    /// <summary>Ends a line gathered in the line buffer: counts it and cuts it to the cap or its CR.</summary>
    private ReadOnlySpan<byte> Finish()
    {
        var length = _lineLength;
        Truncated = _lineBytes > _maxLineBytes;
        if (Truncated)
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

        return Finish(_line.AsSpan(0, length));
    }

    /// <summary>Ends a line that lay whole in the read buffer, under the cap.</summary>
    private ReadOnlySpan<byte> FinishWhole(ReadOnlySpan<byte> bytes)
    {
        Truncated = false;
        return Finish(bytes);
    }

    /// <summary>Counts the line, then drops a CR terminator (unless the line was cut) and the file's BOM.</summary>
    private ReadOnlySpan<byte> Finish(ReadOnlySpan<byte> bytes)
    {
        LineNumber++;
        if (!Truncated && bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (LineNumber == 1 && bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[3..];
        }

        InvalidUtf8 = !Utf8.IsValid(bytes);
        return bytes;
    }

    private void Decode(ReadOnlySpan<byte> bytes)
    {
        // UTF-8 never decodes to more UTF-16 units than it has bytes (U+FFFD replaces at least one byte).
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        _charLength = Encoding.UTF8.GetChars(bytes, _chars);
    }

    private ChatLine Produce(ReadOnlySpan<byte> bytes) =>
        new(LineNumber, Encoding.UTF8.GetString(bytes), Truncated, InvalidUtf8, _lineBytes);
}
