using System.Buffers;
using System.Globalization;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Collects the lines of the mbox message being read (one message in memory at a time). Body lines
/// <c>&gt;From </c>, <c>&gt;&gt;From </c>… lose one '&gt;' (the mboxrd rule, which also undoes mboxo
/// quoting). When the header has a Content-Length (mboxcl2, Solaris/SVR4 mail), From_ lines inside
/// the declared body are body text and are kept as written; if the declared length then does not end
/// at the next From_ line (or the end of the file), the length is wrong and the message is split at
/// those From_ lines after all (qmail mbox(5) on the three dialects).
/// </summary>
internal sealed class MboxMessageBuffer
{
    private readonly ArrayBufferWriter<byte> _bytes = new(64 * 1024);
    private readonly List<Candidate> _candidates = [];
    private readonly List<MboxPiece> _pieces = [];
    private bool _inHeader;
    private long? _contentEnd;
    private bool _tooLarge;

    public bool Started { get; private set; }

    /// <summary>Offset of this message's From_ line (or first line, without one).</summary>
    public long Offset { get; private set; }

    public string? FromLineDate { get; private set; }

    private long _bodyStart;

    public static string Locator(long offset) => "mbox byte " + offset.ToString(CultureInfo.InvariantCulture);

    public void Start(long offset, long contentOffset, string? fromLineDate)
    {
        Started = true;
        Offset = offset;
        _bodyStart = contentOffset;
        FromLineDate = fromLineDate;
        _bytes.Clear();
        _candidates.Clear();
        _inHeader = true;
        _contentEnd = null;
        _tooLarge = false;
    }

    /// <summary>Whether a From_ line at <paramref name="offset"/> separates messages (not inside a Content-Length body).</summary>
    public bool AcceptsSeparatorAt(long offset) => _contentEnd is null || offset >= _contentEnd;

    public void Append(ReadOnlySpan<byte> line, long offset, bool isFromLine)
    {
        if (_tooLarge)
        {
            return;
        }

        if (_bytes.WrittenCount + line.Length > EmailFormats.MaxMessageBytes)
        {
            _tooLarge = true;
            return;
        }

        if (_inHeader)
        {
            if (line.TrimEnd("\r\n"u8).IsEmpty)
            {
                _inHeader = false;
                if (ContentLength() is { } length)
                {
                    _contentEnd = offset + line.Length + length;
                }
            }

            _bytes.Write(line);
            return;
        }

        if (isFromLine)
        {
            _candidates.Add(new Candidate(offset, _bytes.WrittenCount, line.Length, DateOf(line)));
            _bytes.Write(line);
            return;
        }

        if (_contentEnd is null && line.Length > 5 && line[0] == (byte)'>' && line.TrimStart((byte)'>').StartsWith("From "u8))
        {
            _bytes.Write(line[1..]);
            return;
        }

        _bytes.Write(line);
    }

    /// <summary>
    /// The message(s) collected, ending where the next From_ line (or the end of file) is at <paramref name="nextOffset"/>;
    /// one list reused message after message, valid until the next call.
    /// </summary>
    public List<MboxPiece> Finish(long nextOffset, ReadContext context)
    {
        var pieces = _pieces;
        pieces.Clear();
        if (!Started)
        {
            return pieces;
        }

        Started = false;
        var locator = Locator(Offset);
        if (_tooLarge)
        {
            context.SkippedRecord(locator, $"message is larger than the {EmailFormats.MaxMessageBytes}-byte limit: not read");
            return pieces;
        }

        var all = _bytes.WrittenMemory;
        var lengthHolds = _contentEnd is not { } end || (nextOffset >= end && nextOffset <= end + 2);
        if (_candidates.Count == 0 || lengthHolds)
        {
            pieces.Add(new MboxPiece(TrimSeparator(all), _bodyStart, Offset, FromLineDate));
            return pieces;
        }

        context.Note(locator, $"Content-Length does not end at the next From_ line (byte {nextOffset}): the message was split at the {_candidates.Count} From_ line(s) inside it");
        var from = 0;
        var (offset, contentOffset, date) = (Offset, _bodyStart, FromLineDate);
        foreach (var candidate in _candidates)
        {
            pieces.Add(new MboxPiece(TrimSeparator(all[from..candidate.BufferPosition]), contentOffset, offset, date));
            from = candidate.BufferPosition + candidate.LineLength;
            (offset, contentOffset, date) = (candidate.FileOffset, candidate.FileOffset + candidate.LineLength, candidate.Date);
        }

        pieces.Add(new MboxPiece(TrimSeparator(all[from..]), contentOffset, offset, date));
        return pieces;
    }

    /// <summary>The date part of a From_ line (<c>From sender date</c>), or null.</summary>
    public static string? DateOf(ReadOnlySpan<byte> fromLine)
    {
        var rest = fromLine.TrimEnd("\r\n"u8)[5..].TrimStart((byte)' ');
        var space = rest.IndexOf((byte)' ');
        return space < 0 ? null : System.Text.Encoding.Latin1.GetString(rest[(space + 1)..]).Trim() is { Length: > 0 } d ? d : null;
    }

    /// <summary>The empty line that separates a message from the next From_ line is not part of it.</summary>
    private static ReadOnlyMemory<byte> TrimSeparator(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        if (span.EndsWith("\r\n\r\n"u8))
        {
            return message[..^2];
        }

        return span.EndsWith("\n\n"u8) ? message[..^1] : message;
    }

    private long? ContentLength()
    {
        var span = _bytes.WrittenSpan;
        var pos = 0;
        while (pos < span.Length)
        {
            var line = HeaderSniffing.Line(span, pos, out var next);
            pos = next;
            if (line.Length > 15 && System.Text.Ascii.EqualsIgnoreCase(line[..15], "Content-Length:"u8)
                && long.TryParse(line[15..].Trim((byte)' '), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length >= 0)
            {
                return length;
            }
        }

        return null;
    }

    private readonly record struct Candidate(long FileOffset, int BufferPosition, int LineLength, string? Date);
}

/// <summary>One message cut from a mailbox: its bytes, where they start in the file, its From_ line offset and date.</summary>
internal readonly record struct MboxPiece(ReadOnlyMemory<byte> Bytes, long ContentOffset, long Offset, string? FromLineDate);
