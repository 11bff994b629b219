namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Reads a stream one physical line at a time, as bytes, without ever holding more than one
/// (capped) line. vCard lines end in CRLF (RFC 6350 §3.2), but real exports also use bare LF,
/// bare CR and — iOS 5, see fixtures/vcard/John_Doe_IPHONE.vcf — CR CR LF; each of those counts as
/// one line break so line numbers agree with what <c>grep -n</c> shows an examiner.
/// </summary>
internal sealed class PhysicalLineReader
{
    /// <summary>Bytes of one physical line that are kept; the rest is skipped (a photo, or hostile input).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _line = new byte[MaxLineBytes];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _afterCr;
    private int _lineLength;

    public PhysicalLineReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The current line without its terminator. Valid until the next <see cref="ReadLineAsync"/>.</summary>
    public ReadOnlySpan<byte> Current => _line.AsSpan(0, _lineLength);

    /// <summary>1-based number of the current line.</summary>
    public int LineNumber { get; private set; }

    /// <summary>True when the current line was longer than <see cref="MaxLineBytes"/> and was cut.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Bytes the current line really had, including any that were cut.</summary>
    public long OriginalLength { get; private set; }

    /// <summary>True when the current line is the last and the file ended without a line break after it.</summary>
    public bool EndedWithoutTerminator { get; private set; }

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        Truncated = false;
        OriginalLength = 0;
        var sawAny = false;

        while (true)
        {
            if (_start == _end)
            {
                if (_eof || !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!sawAny)
                    {
                        return false;
                    }

                    LineNumber++;
                    EndedWithoutTerminator = true;
                    StripByteOrderMark();
                    return true;
                }
            }

            if (_afterCr)
            {
                // Swallow the rest of a CR CR LF / CR LF terminator that began in the previous line.
                var b = _buffer[_start];
                if (b == (byte)'\r')
                {
                    _start++;
                    continue;
                }

                _afterCr = false;
                if (b == (byte)'\n')
                {
                    _start++;
                    continue;
                }
            }

            sawAny = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var stop = span.IndexOfAny((byte)'\r', (byte)'\n');
            var content = stop < 0 ? span : span[..stop];
            Append(content);
            if (stop < 0)
            {
                _start = _end;
                continue;
            }

            _start += stop + 1;
            _afterCr = span[stop] == (byte)'\r';
            LineNumber++;
            StripByteOrderMark();
            return true;
        }
    }

    /// <summary>A UTF-8 byte order mark (EF BB BF) may precede the first line; it is not content.</summary>
    private void StripByteOrderMark()
    {
        if (LineNumber == 1 && _line.AsSpan(0, _lineLength).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _line.AsSpan(3, _lineLength - 3).CopyTo(_line);
            _lineLength -= 3;
        }
    }

    private void Append(ReadOnlySpan<byte> content)
    {
        OriginalLength += content.Length;
        var room = MaxLineBytes - _lineLength;
        if (content.Length > room)
        {
            Truncated = true;
            content = content[..room];
        }

        content.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += content.Length;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _start = 0;
        _end = n;
        if (n == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }
}
