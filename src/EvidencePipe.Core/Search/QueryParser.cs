using System.Globalization;
using System.Text;
using EvidencePipe.Identifiers;
using EvidencePipe.Time;

namespace EvidencePipe.Search;

/// <summary>
/// The search language: terms, "phrases", <c>AND</c>/<c>OR</c>/<c>NOT</c> (upper case; juxtaposition
/// means AND; <c>-term</c> means NOT term), parentheses, <c>prefix*</c>, fuzzy <c>word~</c> /
/// <c>word~N</c>, proximity <c>"a b"~N</c>, and the fields <c>from:</c> <c>to:</c> <c>channel:</c>
/// <c>kind:</c> <c>direction:</c> <c>has:attachment</c> <c>before:</c> <c>after:</c>. Dates are ISO-8601
/// only (DESIGN.md, second wave): a calendar day in the case time zone (<c>after:2024-03-01</c> includes
/// the 1st; <c>before:2024-03-02</c> excludes the 2nd), or a date and time, local to the case zone
/// unless it carries <c>Z</c> or an offset. Numbers in <c>from:</c>/<c>to:</c> are normalised like the data.
/// </summary>
public sealed class QueryParser
{
    private readonly CaseTimeZone _zone;
    private readonly PhoneRegion _region;
    private List<Token> _tokens = [];
    private int _pos;

    public QueryParser(CaseTimeZone zone, PhoneRegion region)
    {
        _zone = zone;
        _region = region;
    }

    public QueryNode Parse(string query)
    {
        _tokens = Tokenize(query);
        _pos = 0;
        if (_tokens.Count == 0)
        {
            throw new QuerySyntaxException("empty query");
        }

        var node = ParseOr();
        if (_pos < _tokens.Count)
        {
            throw new QuerySyntaxException($"unexpected '{_tokens[_pos].Text}' at position {_tokens[_pos].Position + 1}");
        }

        return node;
    }

    private QueryNode ParseOr()
    {
        var children = new List<QueryNode> { ParseAnd() };
        while (Peek(TokenKind.Or))
        {
            _pos++;
            children.Add(ParseAnd());
        }

        return children.Count == 1 ? children[0] : new OrNode(children);
    }

    private QueryNode ParseAnd()
    {
        var children = new List<QueryNode> { ParseUnary() };
        while (_pos < _tokens.Count && !Peek(TokenKind.Or) && !Peek(TokenKind.Close))
        {
            if (Peek(TokenKind.And))
            {
                _pos++;
            }

            children.Add(ParseUnary());
        }

        return children.Count == 1 ? children[0] : new AndNode(children);
    }

    private QueryNode ParseUnary()
    {
        if (Peek(TokenKind.Not))
        {
            _pos++;
            return new NotNode(ParseUnary());
        }

        return ParsePrimary();
    }

    private QueryNode ParsePrimary()
    {
        if (_pos >= _tokens.Count)
        {
            throw new QuerySyntaxException("query ends where a term was expected");
        }

        var token = _tokens[_pos++];
        switch (token.Kind)
        {
            case TokenKind.Open:
                var inner = ParseOr();
                if (!Peek(TokenKind.Close))
                {
                    throw new QuerySyntaxException($"missing ')' for '(' at position {token.Position + 1}");
                }

                _pos++;
                return inner;
            case TokenKind.Phrase:
                return new TextNode(token.Text, IsPhrase: true, IsPrefix: false, Slop: Proximity(token));
            case TokenKind.Word:
                return Word(token);
            default:
                throw new QuerySyntaxException($"unexpected '{token.Text}' at position {token.Position + 1}");
        }
    }

    private QueryNode Word(Token token)
    {
        var text = token.Text;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var field = text[..colon].ToLowerInvariant();
            var value = text[(colon + 1)..];
            if (value.Length == 0 && _pos < _tokens.Count && _tokens[_pos].Kind == TokenKind.Phrase && _tokens[_pos].Position == token.Position + text.Length)
            {
                value = _tokens[_pos++].Text; // from:"Jordan Smith"
            }

            switch (field)
            {
                case "from":
                case "to":
                    return Party(field == "from" ? PartyRole.From : PartyRole.To, value, token);
                case "channel":
                    return new ChannelNode(Require(value, token).ToLowerInvariant());
                case "before":
                    return new TimeNode(IsBefore: true, ParseTime(Require(value, token)));
                case "after":
                    return new TimeNode(IsBefore: false, ParseTime(Require(value, token)));
                case "kind":
                    return Require(value, token).ToLowerInvariant() switch
                    {
                        "message" => new KindNode(Model.EventKind.Message),
                        "call" => new KindNode(Model.EventKind.Call),
                        "email" => new KindNode(Model.EventKind.Email),
                        "media" => new KindNode(Model.EventKind.Media),
                        "incident" => new KindNode(Model.EventKind.Incident),
                        "location" => new KindNode(Model.EventKind.Location),
                        "app" => new KindNode(Model.EventKind.App),
                        _ => throw new QuerySyntaxException($"'{text}': kind is message, call, email, media, incident, location or app (position {token.Position + 1})"),
                    };
                case "direction":
                    return Require(value, token).ToLowerInvariant() switch
                    {
                        "incoming" or "in" => new DirectionNode(Model.Direction.Incoming),
                        "outgoing" or "out" => new DirectionNode(Model.Direction.Outgoing),
                        "unknown" => new DirectionNode(Model.Direction.Unknown),
                        _ => throw new QuerySyntaxException($"'{text}': direction is incoming, outgoing or unknown (position {token.Position + 1})"),
                    };
                case "has":
                    return Require(value, token).ToLowerInvariant() is "attachment" or "attachments"
                        ? new HasAttachmentNode()
                        : throw new QuerySyntaxException($"'{text}': only has:attachment is known (position {token.Position + 1})");
                default:
                    break; // not a field: "re:" or a URL is searched as text
            }
        }

        var tilde = text.LastIndexOf('~');
        if (tilde > 0 && FuzzyEdits(text[(tilde + 1)..], token) is { } edits)
        {
            return new TextNode(text[..tilde], IsPhrase: false, IsPrefix: false, FuzzyEdits: edits);
        }

        var prefix = text.EndsWith('*');
        var word = prefix ? text[..^1] : text;
        if (word.Length == 0)
        {
            throw new QuerySyntaxException($"'*' must follow a word (position {token.Position + 1})");
        }

        return new TextNode(word, IsPhrase: false, IsPrefix: prefix);
    }

    /// <summary>
    /// <c>~</c> alone asks for the edits to suit the word (<see cref="TextNode.AutoEdits"/>); <c>~0</c>–<c>~2</c>
    /// fix them (Levenshtein automata go no further: Lucene's FuzzyQuery, LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE).
    /// Anything else after a tilde is not fuzzy syntax, and the word is searched as written.
    /// </summary>
    private static int? FuzzyEdits(string suffix, Token token)
    {
        if (suffix.Length == 0)
        {
            return TextNode.AutoEdits;
        }

        if (!suffix.All(char.IsAsciiDigit))
        {
            return null;
        }

        var n = int.Parse(suffix, CultureInfo.InvariantCulture);
        return n <= 2 ? n : throw new QuerySyntaxException($"'~{suffix}': at most 2 edits (position {token.Position + 1})");
    }

    /// <summary><c>"a b"~N</c>: the number right after a phrase's closing quote; 0 when there is none.</summary>
    private int Proximity(Token phrase)
    {
        if (_pos < _tokens.Count && _tokens[_pos] is { Kind: TokenKind.Word } next && next.Position == phrase.Position + phrase.Text.Length + 2
            && next.Text.StartsWith('~'))
        {
            var digits = next.Text[1..];
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || digits.Length > 4)
            {
                throw new QuerySyntaxException($"'{next.Text}' after a phrase must be ~N, a number of words (position {next.Position + 1})");
            }

            _pos++;
            return int.Parse(digits, CultureInfo.InvariantCulture);
        }

        return 0;
    }

    private PartyNode Party(PartyRole role, string value, Token token)
    {
        value = Require(value, token);
        var prefix = value.EndsWith('*');
        if (prefix)
        {
            return new PartyNode(role, value[..^1], IsPrefix: true);
        }

        // An address is normalised the way readers normalise them, so 07700 900666 finds tel:+447700900666.
        var looksLikeAddress = value.Contains('@', StringComparison.Ordinal) || value.Count(char.IsAsciiDigit) >= 3;
        var normalised = looksLikeAddress || value.Contains(':', StringComparison.Ordinal) ? Identifier.Parse(value, _region) : null;
        return new PartyNode(role, normalised ?? value, IsPrefix: false);
    }

    private static string Require(string value, Token token) =>
        value.Length > 0 ? value : throw new QuerySyntaxException($"'{token.Text}' needs a value (position {token.Position + 1})");

    // ISO 8601-1:2019 calendar dates and local times, extended format (§5.2.2.1, §5.3.1.2, §5.4.2.1) and
    // the basic date (§5.2.2.1 "YYYYMMDD"); nothing culture-dependent (DESIGN.md, second wave: "before:/after:
    // are ISO-8601 only; anything else is a usage error") — 01/03/2024 is refused, not read as 3 January.
    private static readonly string[] DayFormats = ["yyyy-MM-dd", "yyyyMMdd"];
    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyyMMdd'T'HHmm", "yyyyMMdd'T'HHmmss"];
    private static readonly string[] OffsetFormats = [.. LocalFormats.Select(f => f + "zzz"), .. LocalFormats.Select(f => f + "'Z'")];

    /// <summary>The forms a search date may take, for the error that refuses anything else.</summary>
    public const string AcceptedDateForms = "YYYY-MM-DD or YYYYMMDD (a day in the case zone), YYYY-MM-DDThh:mm[:ss[.fff]] or YYYYMMDDThhmm[ss] (a case-zone time) or the same with Z or ±hh:mm";

    private DateTimeOffset ParseTime(string value)
    {
        var ci = CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(value, DayFormats, ci, DateTimeStyles.None, out var date))
        {
            return _zone.StartOfDay(date);
        }

        if (DateTimeOffset.TryParseExact(value, OffsetFormats, ci, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var withOffset))
        {
            return withOffset;
        }

        if (DateTime.TryParseExact(value, LocalFormats, ci, DateTimeStyles.None, out var local))
        {
            return _zone.FromLocal(local).Utc;
        }

        throw new QuerySyntaxException($"'{value}' is not an ISO-8601 date or time; use {AcceptedDateForms}");
    }

    private bool Peek(TokenKind kind) => _pos < _tokens.Count && _tokens[_pos].Kind == kind;

    private static List<Token> Tokenize(string query)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(' || c == ')')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString(), i));
                i++;
            }
            else if (c == '"')
            {
                var end = query.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new QuerySyntaxException($"unclosed quote at position {i + 1}");
                }

                tokens.Add(new Token(TokenKind.Phrase, query[(i + 1)..end], i));
                i = end + 1;
            }
            else if (c == '-' && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]) && (i == 0 || char.IsWhiteSpace(query[i - 1]) || query[i - 1] == '('))
            {
                tokens.Add(new Token(TokenKind.Not, "-", i));
                i++;
            }
            else
            {
                var start = i;
                var sb = new StringBuilder();
                while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] is not '(' and not ')' and not '"')
                {
                    sb.Append(query[i++]);
                }

                var text = sb.ToString();
                var kind = text switch
                {
                    "AND" => TokenKind.And,
                    "OR" => TokenKind.Or,
                    "NOT" => TokenKind.Not,
                    _ => TokenKind.Word,
                };
                tokens.Add(new Token(kind, text, start));
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        Phrase,
        And,
        Or,
        Not,
        Open,
        Close,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position);
}
