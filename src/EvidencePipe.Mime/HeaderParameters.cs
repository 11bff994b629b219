using System.Buffers;
using System.Text;

namespace EvidencePipe.Mime;

/// <summary>
/// A parameterised header value — <c>Content-Type</c> (RFC 2045 §5.1) or <c>Content-Disposition</c>
/// (RFC 2183) — with RFC 2231 parameters: <c>name*=charset'lang'%XX</c>, continuations
/// <c>name*0=</c>, <c>name*1*=</c>. Tolerant: stray or doubled semicolons, unquoted values with
/// spaces, RFC 2047 encoded words inside quoted values (what Outlook and Gmail send for file names),
/// and case-insensitive names (the first occurrence wins on duplicates).
/// </summary>
public sealed class HeaderParameters
{
    private readonly Dictionary<string, string> _parameters;

    private HeaderParameters(string value, Dictionary<string, string> parameters)
    {
        Value = value;
        _parameters = parameters;
    }

    /// <summary>The value before the first ';', lower-cased and trimmed (<c>text/plain</c>, <c>attachment</c>).</summary>
    public string Value { get; }

    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    public string? this[string name] => _parameters.GetValueOrDefault(name);

    /// <summary>The same parameters under another value (a defaulted or repaired media type).</summary>
    public HeaderParameters WithValue(string value) => new(value, _parameters);

    public static HeaderParameters Parse(string? raw, MimeProblems? problems = null, long offset = 0)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new HeaderParameters(string.Empty, parameters);
        }

        var pos = 0;
        var value = ReadUntilSemicolon(raw, ref pos, quoted: false).Trim().ToLowerInvariant();
        value = StripComments(value);
        var extended = new SortedDictionary<string, SortedDictionary<int, (string Text, bool Encoded)>>(StringComparer.OrdinalIgnoreCase);
        while (pos < raw.Length)
        {
            pos++; // past ';'
            SkipSpace(raw, ref pos);
            if (pos >= raw.Length)
            {
                break;
            }

            var eq = IndexOfNameEnd(raw, pos);
            if (eq < 0 || raw[eq] != '=')
            {
                // "; ;" or a bare word: nothing to record, skip to the next ';'.
                ReadUntilSemicolon(raw, ref pos, quoted: true);
                continue;
            }

            var name = raw[pos..eq].Trim();
            pos = eq + 1;
            SkipSpace(raw, ref pos);
            var wasQuoted = pos < raw.Length && raw[pos] == '"';
            var text = wasQuoted ? ReadQuoted(raw, ref pos) : ReadUntilSemicolon(raw, ref pos, quoted: false).Trim();
            if (wasQuoted)
            {
                // Text after the closing quote up to ';' is junk.
                ReadUntilSemicolon(raw, ref pos, quoted: false);
            }

            if (name.Length == 0)
            {
                continue;
            }

            var star = name.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0)
            {
                var baseName = name[..star];
                var rest = name[(star + 1)..];
                var encoded = rest.EndsWith('*') || rest.Length == 0;
                var sectionText = rest.TrimEnd('*');
                var section = 0;
                if (sectionText.Length > 0 && !int.TryParse(sectionText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out section))
                {
                    problems?.Add(offset, $"RFC 2231 parameter '{name}' has an unreadable section number");
                    continue;
                }

                if (!extended.TryGetValue(baseName, out var sections))
                {
                    sections = [];
                    extended[baseName] = sections;
                }

                sections.TryAdd(section, (text, encoded));
                continue;
            }

            if (!parameters.ContainsKey(name))
            {
                parameters[name] = EncodedWords.Decode(text, problems, offset);
            }
        }

        foreach (var (name, sections) in extended)
        {
            // An RFC 2231 value overrides a plain one of the same name (it is the precise form).
            parameters[name] = JoinSections(sections, problems, offset);
        }

        return new HeaderParameters(value, parameters);
    }

    /// <summary>RFC 2231 §3-4: concatenate sections in order; the first encoded section carries charset'language'.</summary>
    private static string JoinSections(SortedDictionary<int, (string Text, bool Encoded)> sections, MimeProblems? problems, long offset)
    {
        string? charset = null;
        var result = new StringBuilder();
        var bytes = new ArrayBufferWriter<byte>();
        var expected = 0;
        foreach (var (index, (text, encoded)) in sections)
        {
            if (index != expected)
            {
                problems?.Add(offset, $"RFC 2231 continuation section {expected} is missing");
            }

            expected = index + 1;
            var piece = text;
            if (encoded && index == sections.Keys.First())
            {
                var q1 = piece.IndexOf('\'', StringComparison.Ordinal);
                var q2 = q1 < 0 ? -1 : piece.IndexOf('\'', q1 + 1);
                if (q2 > q1)
                {
                    charset = piece[..q1];
                    piece = piece[(q2 + 1)..];
                }
            }

            if (encoded)
            {
                PercentDecode(piece, bytes);
            }
            else
            {
                Flush();
                result.Append(piece);
            }
        }

        Flush();
        return result.ToString();

        void Flush()
        {
            if (bytes.WrittenCount == 0)
            {
                return;
            }

            result.Append(charset is { Length: > 0 } ? Charsets.Decode(bytes.WrittenSpan, charset, problems, offset) : Charsets.DecodeUnlabelled(bytes.WrittenSpan));
            bytes.Clear();
        }
    }

    private static void PercentDecode(string text, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length * 3);
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && TransferDecoding.TryHex(text[i + 1], text[i + 2], out var b))
            {
                span[n++] = b;
                i += 2;
            }
            else if (text[i] < 128)
            {
                span[n++] = (byte)text[i];
            }
            else
            {
                n += Encoding.UTF8.GetBytes(text.AsSpan(i, 1), span[n..]);
            }
        }

        output.Advance(n);
    }

    private static int IndexOfNameEnd(string raw, int pos)
    {
        for (var i = pos; i < raw.Length; i++)
        {
            if (raw[i] is '=' or ';')
            {
                return i;
            }
        }

        return -1;
    }

    private static string ReadUntilSemicolon(string raw, ref int pos, bool quoted)
    {
        var start = pos;
        var inQuote = false;
        while (pos < raw.Length)
        {
            var c = raw[pos];
            if (quoted && c == '"')
            {
                inQuote = !inQuote;
            }
            else if (c == ';' && !inQuote)
            {
                break;
            }

            pos++;
        }

        return raw[start..pos];
    }

    private static string ReadQuoted(string raw, ref int pos)
    {
        var sb = new StringBuilder();
        pos++; // opening quote
        while (pos < raw.Length)
        {
            var c = raw[pos++];
            if (c == '\\' && pos < raw.Length)
            {
                sb.Append(raw[pos++]);
            }
            else if (c == '"')
            {
                return sb.ToString();
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString(); // unterminated quote: take what is there
    }

    private static void SkipSpace(string raw, ref int pos)
    {
        while (pos < raw.Length && char.IsWhiteSpace(raw[pos]))
        {
            pos++;
        }
    }

    private static string StripComments(string value)
    {
        var paren = value.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? value : value[..paren].Trim();
    }
}
