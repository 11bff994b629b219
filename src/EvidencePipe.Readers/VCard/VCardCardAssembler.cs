using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Groups content lines into cards: <c>BEGIN:VCARD</c> … <c>END:VCARD</c> (RFC 6350 §6.1.1–6.1.2).
/// A vCard 2.1 AGENT may embed a whole card on the following lines (vCard 2.1, AGENT property); its lines
/// are skipped so they neither end nor feed the outer card. Anything outside a card is reported.
/// </summary>
internal sealed class VCardCardAssembler
{
    private readonly ReadContext _context;
    private VCardCardBuilder? _card;
    private int _ordinal;
    private int _agentDepth;
    private int _lastLineNumber;
    private bool _agentPending;

    public VCardCardAssembler(ReadContext context)
    {
        _context = context;
    }

    /// <summary>Takes the next content line; returns a card when this line completed one.</summary>
    public ContactCard? Accept(ContentLine line)
    {
        var where = $"line {line.LineNumber}";
        _lastLineNumber = line.LineNumber;
        if (line.IsMalformed)
        {
            _agentPending = false;
            _context.Note(where, $"not a vCard content line (name:value): \"{VCardText.Excerpt(line.Value)}\"");
            return null;
        }

        if (_card is null)
        {
            if (line.Is("BEGIN"))
            {
                Start(line);
            }
            else if (line.Is("END"))
            {
                _context.Note(where, "END:VCARD without a BEGIN:VCARD; ignored");
            }
            else
            {
                _context.Note(where, $"{line.Name} property outside any vCard; ignored");
            }

            return null;
        }

        if (_agentDepth > 0)
        {
            if (line.Is("BEGIN"))
            {
                _agentDepth++;
            }
            else if (line.Is("END"))
            {
                _agentDepth--;
            }

            return null;
        }

        if (line.Is("BEGIN"))
        {
            if (_agentPending)
            {
                _agentPending = false;
                _agentDepth = 1;
                return null;
            }

            var unterminated = _card.Build($"no END:VCARD before the next BEGIN:VCARD at line {line.LineNumber}; card read up to there");
            Start(line);
            return unterminated;
        }

        _agentPending = false;
        if (line.Is("END"))
        {
            var done = _card.Build(unterminatedReason: null);
            _card = null;
            return done;
        }

        if (line.IsNamed("AGENT"))
        {
            // 2.1 writes "AGENT:" and the agent's card on the next lines; some writers put its BEGIN on the same line.
            if (line.Value.AsSpan().Trim(" \t"u8).IsEmpty)
            {
                _agentPending = true;
            }
            else if (VCardText.IsAsciiKeyword(line.Value, "BEGIN:VCARD"))
            {
                _agentDepth = 1;
            }

            return null;
        }

        _card.Add(line);
        return null;
    }

    /// <summary>At end of input: the card still open, if any, recovered as far as it was read.</summary>
    /// <param name="lastLineUnterminated">The file's last line had no line break, so it may have been cut short.</param>
    public ContactCard? Finish(bool lastLineUnterminated)
    {
        if (_card is null)
        {
            return null;
        }

        var reason = "card not terminated by END:VCARD before end of file; read up to there";
        if (lastLineUnterminated)
        {
            reason += $"; its last line ({_lastLineNumber}) has no line break and may be cut short";
        }

        var card = _card.Build(reason);
        _card = null;
        return card;
    }

    private void Start(ContentLine begin)
    {
        _ordinal++;
        _agentDepth = 0;
        _agentPending = false;
        _card = new VCardCardBuilder(_context, _ordinal, begin.LineNumber);
    }
}
