using System.Text;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Turns physical lines into unfolded content lines (RFC 6350 §3.2; RFC 2425 §5.8.1; vCard 2.1
/// folding). A line that starts with a space or tab continues the previous one (the CRLF and that one
/// whitespace character are removed). Two vCard 2.1 continuations are honoured as well: a
/// quoted-printable value whose line ends in <c>=</c> (a soft line break, RFC 2045 §6.7 rule 5)
/// continues on the next line whatever it starts with, and a BASE64 value continues over
/// unindented base64 lines up to a blank line.
/// Values of properties that are not needed are skipped as they stream past, so a 10 MB photo never
/// sits in memory; needed values are capped at <see cref="MaxLogicalBytes"/>.
/// </summary>
internal sealed class ContentLineReader
{
    public const int MaxLogicalBytes = 64 * 1024;

    private readonly PhysicalLineReader _lines;
    private readonly byte[] _buffer = new byte[MaxLogicalBytes];
    private bool _pending;
    private int _length;
    private bool _truncated;
    private int _headerEnd;
    private int _scan;
    private bool _scanQuoted;
    private bool _discard;
    private bool _softBreak;
    private string? _name;
    private VCardParameters _parameters = VCardParameters.Empty;

    public ContentLineReader(PhysicalLineReader lines)
    {
        _lines = lines;
    }

    /// <summary>Next non-blank content line, or null at end of input.</summary>
    public async ValueTask<ContentLine?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_pending && !await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            _pending = false;
            if (_lines.Current.Trim(" \t"u8).IsEmpty)
            {
                continue; // blank lines separate 2.1 BASE64 values and are otherwise meaningless
            }

            var lineNumber = _lines.LineNumber;
            Start();
            Append(_lines.Current, _lines.Truncated);
            while (await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = _lines.Current;
                if (_softBreak && _parameters.Encoding == ValueEncoding.QuotedPrintable && !VCardText.IsCardBoundary(next))
                {
                    if (!_discard && _length > 0 && _buffer[_length - 1] == (byte)'=')
                    {
                        _length--;
                    }

                    Append(next, _lines.Truncated);
                }
                else if (!next.IsEmpty && next[0] is (byte)' ' or (byte)'\t')
                {
                    Append(next[1..], _lines.Truncated);
                }
                else if (_parameters.Encoding == ValueEncoding.Base64 && !next.IsEmpty && VCardText.IsBase64Only(next))
                {
                    Append(next, _lines.Truncated);
                }
                else
                {
                    _pending = true;
                    break;
                }
            }

            return Build(lineNumber);
        }
    }

    private void Start()
    {
        _length = 0;
        _truncated = false;
        _headerEnd = -1;
        _scan = 0;
        _scanQuoted = false;
        _discard = false;
        _softBreak = false;
        _name = null;
        _parameters = VCardParameters.Empty;
    }

    private void Append(ReadOnlySpan<byte> bytes, bool physicalTruncated)
    {
        _softBreak = !bytes.IsEmpty && bytes[^1] == (byte)'=' && !physicalTruncated;
        if (_discard)
        {
            return;
        }

        _truncated |= physicalTruncated;
        var room = _buffer.Length - _length;
        if (bytes.Length > room)
        {
            _truncated = true;
            bytes = bytes[..room];
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        if (_headerEnd < 0)
        {
            FindHeaderEnd();
        }
    }

    /// <summary>Looks for the colon that ends the name and parameters, resuming where the last look stopped.</summary>
    private void FindHeaderEnd()
    {
        for (; _scan < _length; _scan++)
        {
            var b = _buffer[_scan];
            if (b == (byte)'"')
            {
                _scanQuoted = !_scanQuoted;
            }
            else if (b == (byte)':' && !_scanQuoted)
            {
                _headerEnd = _scan;
                ParseHeader();
                return;
            }
        }
    }

    private void ParseHeader()
    {
        var header = Encoding.UTF8.GetString(_buffer, 0, _headerEnd).AsSpan();
        var semicolon = header.IndexOf(';');
        var fullName = (semicolon < 0 ? header : header[..semicolon]).Trim();
        var dot = fullName.LastIndexOf('.');
        var group = dot < 0 ? [] : fullName[..dot];
        var name = dot < 0 ? fullName : fullName[(dot + 1)..];
        if (!IsName(name) || (dot >= 0 && !IsName(group)))
        {
            return; // not a content line; reported by the caller as malformed
        }

        _name = name.ToString().ToUpperInvariant();
        _parameters = semicolon < 0 ? VCardParameters.Empty : VCardParameters.Parse(header[(semicolon + 1)..]);
        if (!VCardProperties.IsKept(_name))
        {
            _discard = true;
            _length = _headerEnd + 1;
        }
    }

    /// <summary>RFC 6350 §3.3: names and groups are <c>1*(ALPHA / DIGIT / "-")</c>; '_' is tolerated (seen in exports).</summary>
    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private ContentLine Build(int lineNumber)
    {
        if (_name is null)
        {
            // Keep the raw bytes (capped) so the caller can quote an excerpt in its diagnostic.
            return new ContentLine(lineNumber, null, VCardParameters.Empty, _buffer[.._length], ValueKept: false, _truncated);
        }

        var value = _discard ? [] : _buffer[(_headerEnd + 1).._length];
        return new ContentLine(lineNumber, _name, _parameters, value, ValueKept: !_discard, _truncated && !_discard);
    }
}
