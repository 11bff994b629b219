using System.Text;
using EvidencePipe.Search;
using Lucene.Net.Analysis.TokenAttributes;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// Snippets with the hits marked <c>[like this]</c>: the event's text (or subject) is analysed again
/// with the case analyzer, and every token the query's positive words, phrases, prefixes or fuzzy terms
/// match is marked, in a window of <see cref="Context"/> characters either side of the first hit. Made
/// here rather than with Lucene.Net.Highlighter, which exists only at 4.8.0-beta00017 and would pull
/// every Lucene.Net package back to it.
/// </summary>
internal sealed class SnippetMaker
{
    private const int Context = 60;

    private readonly CaseAnalyzer _analyzer;
    private readonly HashSet<string> _terms = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];
    private readonly List<(string Term, int Edits)> _fuzzy = [];
    private readonly List<string[]> _phrases = [];

    public SnippetMaker(CaseAnalyzer analyzer, QueryNode query)
    {
        _analyzer = analyzer;
        var compiler = new QueryCompiler(analyzer);
        Collect(query, compiler, negated: false);
    }

    public string? Make(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var hits = Hits(text);
        if (hits.Count == 0)
        {
            return text.Length <= 2 * Context ? text : text[..(2 * Context)] + "…";
        }

        var start = Math.Max(0, hits[0].Start - Context);
        var end = Math.Min(text.Length, hits[0].End + Context);
        var sb = new StringBuilder();
        if (start > 0)
        {
            sb.Append('…');
        }

        var at = start;
        foreach (var (s, e) in hits)
        {
            if (s < at || e > end)
            {
                continue;
            }

            sb.Append(text, at, s - at).Append('[').Append(text, s, e - s).Append(']');
            at = e;
        }

        sb.Append(text, at, end - at);
        if (end < text.Length)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Marked spans in text order: an exact phrase as one span (<c>[outside your house]</c>), other matched
    /// tokens each on their own; overlapping ones (a token and its stacked parts) merged.
    /// </summary>
    private List<(int Start, int End)> Hits(string text)
    {
        var spans = new List<(int Start, int End)>();
        var tokens = new List<(int Position, string Term, int Start, int End)>();
        using (var stream = _analyzer.GetTokenStream(EventFields.Text, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            stream.Reset();
            var position = -1;
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                tokens.Add((position, term.ToString(), offset.StartOffset, Math.Min(text.Length, offset.EndOffset)));
            }

            stream.End();
        }

        foreach (var token in tokens)
        {
            if (Matches(token.Term))
            {
                spans.Add((token.Start, token.End));
            }
        }

        foreach (var phrase in _phrases)
        {
            AddPhraseSpans(tokens, phrase, spans);
        }

        spans.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start < merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private static void AddPhraseSpans(List<(int Position, string Term, int Start, int End)> tokens, string[] phrase, List<(int Start, int End)> spans)
    {
        var byPosition = tokens.ToLookup(t => t.Position);
        foreach (var first in tokens.Where(t => t.Term == phrase[0]))
        {
            var end = first.End;
            var matched = true;
            for (var i = 1; i < phrase.Length && matched; i++)
            {
                var next = byPosition[first.Position + i].FirstOrDefault(t => t.Term == phrase[i]);
                matched = next.Term is not null;
                end = Math.Max(end, next.End);
            }

            if (matched)
            {
                spans.Add((first.Start, end));
            }
        }
    }

    private bool Matches(string token) =>
        _terms.Contains(token)
        || _prefixes.Exists(p => token.StartsWith(p, StringComparison.Ordinal))
        || _fuzzy.Exists(f => Distance.WithinEdits(f.Term, token, f.Edits));

    private void Collect(QueryNode node, QueryCompiler compiler, bool negated)
    {
        switch (node)
        {
            case TextNode t when !negated:
                if (t.FuzzyEdits is { } edits)
                {
                    var term = TermNormalizer.Normalize(t.Value);
                    _fuzzy.Add((term, edits == TextNode.AutoEdits ? QueryCompiler.AutoEdits(term) : edits));
                }
                else if (t.IsPrefix)
                {
                    _prefixes.Add(TermNormalizer.Normalize(t.Value));
                }
                else
                {
                    var tokens = compiler.Tokens(EventFields.Text, t.Value).Select(x => x.Term).ToArray();
                    if (tokens.Length > 1 && t.Slop == 0)
                    {
                        _phrases.Add(tokens);
                    }
                    else
                    {
                        _terms.UnionWith(tokens);
                    }
                }

                break;
            case AndNode a:
                foreach (var c in a.Children)
                {
                    Collect(c, compiler, negated);
                }

                break;
            case OrNode o:
                foreach (var c in o.Children)
                {
                    Collect(c, compiler, negated);
                }

                break;
            case NotNode n:
                Collect(n.Child, compiler, !negated);
                break;
        }
    }
}

/// <summary>Damerau–Levenshtein (optimal string alignment) distance, as Lucene's FuzzyQuery counts edits (transpositions = 1).</summary>
internal static class Distance
{
    public static bool WithinEdits(string a, string b, int edits)
    {
        if (Math.Abs(a.Length - b.Length) > edits)
        {
            return false;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length] <= edits;
    }
}
