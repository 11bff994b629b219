using System.Text;

namespace EvidencePipe.Mime;

/// <summary>One mailbox from an address header: the decoded display name (or null) and the addr-spec.</summary>
public sealed record MailboxAddress(string? Name, string Address);

/// <summary>
/// Parses address-list headers (RFC 5322 §3.4: <c>From</c>, <c>To</c>, <c>Cc</c>, <c>Bcc</c>,
/// <c>Reply-To</c>) into mailboxes: <c>name &lt;addr&gt;</c>, bare <c>addr</c>, groups
/// (<c>team: a@x, b@y;</c> — members kept, the group name dropped), quoted names with commas,
/// comments (an old-style <c>addr (Full Name)</c> comment becomes the name when there is none),
/// obsolete source routes (<c>&lt;@relay:addr&gt;</c>, §4.4) and RFC 2047 encoded names.
/// </summary>
public static class AddressParser
{
    public static IReadOnlyList<MailboxAddress> Parse(string? value, MimeProblems? problems = null, long offset = 0)
    {
        var result = new List<MailboxAddress>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return result;
        }

        var phrase = new StringBuilder();
        string? comment = null;
        string? angle = null;
        var pos = 0;
        while (pos <= value.Length)
        {
            var c = pos < value.Length ? value[pos] : ',';
            switch (c)
            {
                case '"':
                    phrase.Append(ReadQuoted(value, ref pos));
                    continue;
                case '(':
                    var text = ReadComment(value, ref pos);
                    comment ??= text;
                    continue;
                case '<':
                    var close = value.IndexOf('>', pos + 1);
                    if (close < 0)
                    {
                        problems?.Add(offset, "address with '<' but no closing '>'");
                        close = value.Length;
                    }

                    angle = value[(pos + 1)..close];
                    pos = Math.Min(close + 1, value.Length);
                    continue;
                case ':' when angle is null && !LooksLikeAddress(phrase):
                    // Group name (RFC 5322 §3.4 group): the members follow.
                    phrase.Clear();
                    comment = null;
                    pos++;
                    continue;
                case ',' or ';':
                    Emit();
                    pos++;
                    continue;
                default:
                    phrase.Append(c);
                    pos++;
                    continue;
            }
        }

        return result;

        void Emit()
        {
            var words = phrase.ToString().Trim();
            string? address;
            string? name;
            if (angle is not null)
            {
                address = StripRoute(angle.Trim());
                name = Unquote(words);
            }
            else
            {
                address = Unquote(words).Replace(" ", string.Empty, StringComparison.Ordinal);
                name = null;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                name = comment;
            }

            if (!string.IsNullOrWhiteSpace(address))
            {
                var decoded = string.IsNullOrWhiteSpace(name) ? null : EncodedWords.Decode(name.Trim(), problems, offset).Trim();
                result.Add(new MailboxAddress(string.IsNullOrEmpty(decoded) ? null : decoded, address));
            }

            phrase.Clear();
            comment = null;
            angle = null;
        }
    }

    private static bool LooksLikeAddress(StringBuilder phrase)
    {
        for (var i = 0; i < phrase.Length; i++)
        {
            if (phrase[i] == '@')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Obsolete route syntax <c>@a,@b:user@host</c> (RFC 5322 §4.4): keep the addr-spec.</summary>
    private static string StripRoute(string address)
    {
        if (address.StartsWith('@'))
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                address = address[(colon + 1)..];
            }
        }

        return address.Trim('"', ' ');
    }

    /// <summary>Collapses runs of whitespace (quoted strings were already unquoted as they were read).</summary>
    private static string Unquote(string phrase)
    {
        var sb = new StringBuilder(phrase.Length);
        var space = false;
        foreach (var c in phrase)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string ReadQuoted(string value, ref int pos)
    {
        var sb = new StringBuilder();
        pos++;
        while (pos < value.Length)
        {
            var c = value[pos++];
            if (c == '\\' && pos < value.Length)
            {
                sb.Append(value[pos++]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string ReadComment(string value, ref int pos)
    {
        var sb = new StringBuilder();
        var depth = 0;
        while (pos < value.Length)
        {
            var c = value[pos++];
            if (c == '\\' && pos < value.Length)
            {
                sb.Append(value[pos++]);
                continue;
            }

            if (c == '(')
            {
                if (depth++ == 0)
                {
                    continue;
                }
            }
            else if (c == ')')
            {
                if (--depth == 0)
                {
                    break;
                }
            }

            sb.Append(c);
        }

        return sb.ToString().Trim();
    }
}
