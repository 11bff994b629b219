using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// Normalises each token (<see cref="TermNormalizer"/>) and, for a token the tokenizer kept whole although
/// it holds punctuation (a URL, an e-mail address, <c>don't</c>, <c>1,000</c>, <c>re:hello</c>), adds its
/// runs of letters and digits at the same position: the whole token matches exactly, and
/// <c>jordan</c> still finds <c>jordan's</c> and <c>example</c> finds <c>https://example.org/x</c>.
/// </summary>
internal sealed class MessageTermFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly Queue<(string Text, int Start, int End)> _parts = new();

    public MessageTermFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_parts.Count > 0)
        {
            // A part keeps every other attribute of its whole token (type, flags, payload, keyword): they are still
            // the whole token's, as nothing after this filter in the chain or the indexer sets them (a stemmer after
            // it rewrites only the term, which is replaced here). Capturing and restoring the whole state instead
            // cloned every attribute per punctuated token, a visible share of indexing.
            var (text, start, end) = _parts.Dequeue();
            _term.SetEmpty().Append(text);
            _offset.SetOffset(start, end);
            _position.PositionIncrement = 0;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        // Fast path, most tokens: plain ASCII is lower-cased in place, no string made unless it has punctuation.
        var buffer = _term.Buffer;
        var length = _term.Length;
        var ascii = true;
        var punctuated = false;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }

            if (c is >= 'A' and <= 'Z')
            {
                buffer[i] = (char)(c + 32);
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                punctuated = true;
            }
        }

        string? normalized = null;
        if (!ascii)
        {
            normalized = TermNormalizer.Normalize(new string(buffer, 0, length));
            _term.SetEmpty().Append(normalized);
            punctuated = HasPunctuation(normalized);
        }

        if (punctuated)
        {
            QueueParts(normalized ?? new string(_term.Buffer, 0, _term.Length), _offset.StartOffset, _offset.EndOffset);
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _parts.Clear();
    }

    private static bool HasPunctuation(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private void QueueParts(string s, int start, int end)
    {
        // Offsets of a part are exact when normalising kept the length (the usual case); otherwise the whole token's.
        var exact = end - start == s.Length;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && !char.IsLetterOrDigit(s[i]))
            {
                i++;
            }

            var from = i;
            while (i < s.Length && char.IsLetterOrDigit(s[i]))
            {
                i++;
            }

            if (i > from)
            {
                _parts.Enqueue((s[from..i], exact ? start + from : start, exact ? start + i : end));
            }
        }
    }
}
