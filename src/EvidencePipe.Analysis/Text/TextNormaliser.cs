using System.Globalization;
using System.Text;

namespace EvidencePipe.Analysis.Text;

/// <summary>
/// A message folded for phrase matching, with a map from each folded character back to the span of
/// the original text it came from, so a hit is always shown as the sender typed it.
/// </summary>
public sealed class NormalisedText
{
    private readonly string _original;
    private readonly int[]? _start;
    private readonly int[]? _end;

    internal NormalisedText(string original, string text, int[]? start, int[]? end)
    {
        _original = original;
        Text = text;
        _start = start;
        _end = end;
    }

    /// <summary>The folded text patterns are matched against.</summary>
    public string Text { get; }

    /// <summary>The original text behind folded characters [index, index + length), trimmed.</summary>
    public string Original(int index, int length)
    {
        if (_start is null || _end is null || length == 0)
        {
            return Text.Substring(index, length).Trim();
        }

        var from = _start[index];
        var to = _end[index + length - 1];
        return _original[from..to].Trim();
    }
}

/// <summary>
/// Folds message text before phrase matching, in this order:
/// <list type="number">
/// <item>Unicode NFKC per text element (UAX #15): full-width letters, ligatures and compatibility
/// forms become their plain letters.</item>
/// <item>Typographic punctuation folded: the curly apostrophes and quotes phones type by default
/// (iOS "smart punctuation": U+2018/2019, U+201C/201D, U+02BC, primes) become ' and ", and every
/// dash or minus (U+2010–2015, U+2212) becomes -.</item>
/// <item>Case folded with the invariant culture's lower-casing (never the machine's: a Turkish
/// locale would turn I into dotless ı).</item>
/// <item>Letters repeated three or more times are reduced to two ("killll" → "kill"); where that
/// happens a second variant with the run reduced to one ("youuuu" → "you") is also matched.</item>
/// <item>Whole-word text-speak from the lexicon ("u" → "you", "ur" → "your", "im" → "i'm",
/// "dont" → "don't").</item>
/// </list>
/// </summary>
public sealed class TextNormaliser
{
    private readonly IReadOnlyDictionary<string, string> _textSpeak;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _textSpeakSpans;
    private readonly int _longestTextSpeak;

    public TextNormaliser(IReadOnlyDictionary<string, string> textSpeak)
    {
        var table = new Dictionary<string, string>(textSpeak, StringComparer.Ordinal);
        _textSpeak = table;
        _textSpeakSpans = table.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestTextSpeak = table.Count == 0 ? 0 : table.Keys.Max(k => k.Length);
    }

    /// <summary>One or two folded variants of <paramref name="text"/> (two only when letters were elongated).</summary>
    public IReadOnlyList<NormalisedText> Normalise(string text, bool withMap)
    {
        if (!withMap && FoldAscii(text) is { } fast)
        {
            return [new NormalisedText(text, fast, null, null)];
        }

        var folded = new StringBuilder(text.Length);
        List<int>? start = withMap ? new List<int>(text.Length) : null;
        List<int>? end = withMap ? new List<int>(text.Length) : null;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c < 0x80)
            {
                Emit(folded, start, end, c is >= 'A' and <= 'Z' ? (char)(c + 32) : c, i, i + 1);
                i++;
                continue;
            }

            var length = StringInfo.GetNextTextElementLength(text, i);
            var element = text.Substring(i, length).Normalize(NormalizationForm.FormKC);
            foreach (var e in element)
            {
                Emit(folded, start, end, Fold(e), i, i + length);
            }

            i += length;
        }

        var elongated = HasRun(folded);
        var primary = Words(text, folded, start, end, elongated ? 2 : int.MaxValue);
        return elongated ? [primary, Words(text, folded, start, end, 1)] : [primary];
    }

    /// <summary>
    /// The same folding for the common case — ASCII text with no letter repeated three times — in one
    /// pass with no per-word allocation; null when the text needs the general path.
    /// </summary>
    private string? FoldAscii(string text)
    {
        var buffer = text.Length <= 256 ? stackalloc char[text.Length * 4] : new char[text.Length * 4];
        var n = 0;
        var wordStart = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c >= 0x80)
            {
                return null;
            }

            if (c is >= 'A' and <= 'Z')
            {
                c = (char)(c + 32);
            }

            var wordChar = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '\'';
            if (wordChar)
            {
                if (c is >= 'a' and <= 'z' && n >= 2 && buffer[n - 1] == c && buffer[n - 2] == c && wordStart >= 0 && n - wordStart >= 2)
                {
                    return null; // elongated: two variants needed
                }

                if (wordStart < 0)
                {
                    wordStart = n;
                }

                buffer[n++] = c;
                continue;
            }

            if (wordStart >= 0)
            {
                var length = n - wordStart;
                if (length <= _longestTextSpeak && _textSpeakSpans.TryGetValue(buffer.Slice(wordStart, length), out var expanded))
                {
                    n = wordStart;
                    expanded.AsSpan().CopyTo(buffer[n..]);
                    n += expanded.Length;
                }

                wordStart = -1;
            }

            if (i < text.Length)
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }

    private static void Emit(StringBuilder sb, List<int>? start, List<int>? end, char c, int from, int to)
    {
        sb.Append(c);
        start?.Add(from);
        end?.Add(to);
    }

    private static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u02BC' or '\u2032' or '\u00B4' or '\u0060' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        '\u00A0' or '\u2007' or '\u202F' => ' ',
        _ => char.ToLowerInvariant(c),
    };

    private static bool HasRun(StringBuilder s)
    {
        for (var i = 2; i < s.Length; i++)
        {
            if (char.IsLetter(s[i]) && s[i] == s[i - 1] && s[i] == s[i - 2])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reduces letter runs to <paramref name="keep"/> and replaces whole text-speak words.</summary>
    private NormalisedText Words(string original, StringBuilder folded, List<int>? start, List<int>? end, int keep)
    {
        var sb = new StringBuilder(folded.Length + 8);
        var outStart = start is null ? null : new List<int>(folded.Length);
        var outEnd = end is null ? null : new List<int>(folded.Length);
        var i = 0;
        var word = new StringBuilder();
        while (i < folded.Length)
        {
            if (!IsWordChar(folded[i]))
            {
                Emit(sb, outStart, outEnd, folded[i], start?[i] ?? 0, end?[i] ?? 0);
                i++;
                continue;
            }

            // One word: reduce runs, then look it up as text-speak.
            var wordFrom = i;
            word.Clear();
            List<(int From, int To)>? spans = start is null ? null : [];
            while (i < folded.Length && IsWordChar(folded[i]))
            {
                var run = 1;
                while (i + run < folded.Length && folded[i + run] == folded[i] && char.IsLetter(folded[i]))
                {
                    run++;
                }

                var n = run >= 3 ? Math.Min(run, keep) : run;
                for (var k = 0; k < n; k++)
                {
                    word.Append(folded[i]);
                    spans?.Add((start![i], end![i + run - 1]));
                }

                i += run;
            }

            if (_textSpeak.TryGetValue(word.ToString(), out var expanded))
            {
                var from = start?[wordFrom] ?? 0;
                var to = end?[i - 1] ?? 0;
                foreach (var c in expanded)
                {
                    Emit(sb, outStart, outEnd, c, from, to);
                }
            }
            else
            {
                for (var k = 0; k < word.Length; k++)
                {
                    Emit(sb, outStart, outEnd, word[k], spans?[k].From ?? 0, spans?[k].To ?? 0);
                }
            }
        }

        return new NormalisedText(original, sb.ToString(), outStart?.ToArray(), outEnd?.ToArray());
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '\'';
}
