using EvidencePipe.Model;
using EvidencePipe.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// Turns a parsed <see cref="QueryNode"/> into a Lucene query over <see cref="EventFields"/>. Words and
/// phrases are analysed exactly as the indexed text was (<see cref="CaseAnalyzer"/>; of a punctuated
/// token only the whole is searched, not its stacked parts), in text/subject and names; <c>from:</c>/<c>to:</c>
/// in the party fields; the rest are exact terms and a range over the time doc values.
/// </summary>
internal sealed class QueryCompiler(CaseAnalyzer analyzer)
{
    private static readonly string[] TextFields = [EventFields.Text, EventFields.Names];

    public Query Compile(QueryNode node) => node switch
    {
        AndNode and => And(and.Children),
        OrNode or => Or(or.Children),
        NotNode not => Without(Compile(not.Child)),
        TextNode text => Text(text),
        PartyNode party => Party(party),
        // Exact terms of the meta field, never scored (its norm is the sort key, not a length): filters.
        ChannelNode channel => Meta(EventFields.ChannelTerm(channel.Channel)),
        KindNode kind => Meta(EventFields.KindTerm(kind.Kind)),
        DirectionNode direction => Meta(EventFields.DirectionTerm(direction.Direction)),
        HasAttachmentNode => Meta(EventFields.HasAttachmentTerm),
        // A range over the in-memory sort keys; its iterator steps over runs of documents wholly outside it, so a narrow
        // range leads a conjunction (in And, the dates of a conjunction are merged into one range first).
        TimeNode time => Range(Bounds(time, long.MinValue, long.MaxValue)),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static ConstantScoreQuery Meta(string term) => new(new TermQuery(new Term(EventFields.Meta, term)));

    private static ConstantScoreQuery Range((long Lower, long Upper) bounds) => new(new SortKeyRangeFilter(bounds.Lower, bounds.Upper));

    /// <summary>[lower, upper) of sort keys narrowed by <paramref name="time"/>.</summary>
    private static (long Lower, long Upper) Bounds(TimeNode time, long lower, long upper)
    {
        var key = EventFields.FirstKeyAt(time.Instant.ToUnixTimeMilliseconds());
        return time.IsBefore ? (lower, Math.Min(upper, key)) : (Math.Max(lower, key), upper);
    }

    private Query And(IReadOnlyList<QueryNode> children)
    {
        var q = new BooleanQuery();
        var positive = false;

        // The dates of a conjunction are one range: after: and before: alone each match most of a case, together
        // a few runs of it, which is what lets the range lead the conjunction (SortKeyRangeFilter).
        (long Lower, long Upper)? range = null;
        var dates = 0;
        foreach (var child in children.OfType<TimeNode>())
        {
            range = Bounds(child, range?.Lower ?? long.MinValue, range?.Upper ?? long.MaxValue);
            dates++;
        }

        if (range is { } bounds)
        {
            // Each date clause added a constant 1 to a relevance score (BM25's query norm is 1); the boost keeps the sum.
            var dateRange = Range(bounds);
            dateRange.Boost = dates;
            q.Add(dateRange, Occur.MUST);
            positive = true;
        }

        foreach (var child in children)
        {
            if (child is TimeNode)
            {
                continue;
            }

            if (child is NotNode not)
            {
                q.Add(Compile(not.Child), Occur.MUST_NOT);
            }
            else
            {
                q.Add(Compile(child), Occur.MUST);
                positive = true;
            }
        }

        if (!positive)
        {
            q.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        return q;
    }

    private Query Or(IReadOnlyList<QueryNode> children)
    {
        var q = new BooleanQuery();
        foreach (var child in children)
        {
            q.Add(Compile(child), Occur.SHOULD);
        }

        return q;
    }

    private static BooleanQuery Without(Query excluded) => new()
    {
        { new MatchAllDocsQuery(), Occur.MUST },
        { excluded, Occur.MUST_NOT },
    };

    private Query Text(TextNode node)
    {
        var q = new BooleanQuery();
        foreach (var field in TextFields)
        {
            q.Add(Field(field, node.Value, node.IsPrefix, node.Slop, node.FuzzyEdits), Occur.SHOULD);
        }

        return q;
    }

    private Query Party(PartyNode node) =>
        !node.IsPrefix && EventFields.IsExactParty(node.Value)
            ? Meta(EventFields.PartyTerm(node.Role == PartyRole.From, node.Value))
            : Field(node.Role == PartyRole.From ? EventFields.From : EventFields.To, node.Value, node.IsPrefix, 0, null);

    private Query Field(string field, string value, bool prefix, int slop, int? fuzzy)
    {
        if (fuzzy is { } edits)
        {
            var term = TermNormalizer.Normalize(value);
            return new FuzzyQuery(new Term(field, term), edits == TextNode.AutoEdits ? AutoEdits(term) : edits);
        }

        var tokens = Tokens(field, value);
        if (prefix)
        {
            // The word as typed, normalised but not stemmed: "threat*" must still find "threatening".
            var last = TermNormalizer.Normalize(field is EventFields.From or EventFields.To && tokens.Count > 0 ? LastRawToken(field, value) : value);
            if (tokens.Count <= 1)
            {
                return new PrefixQuery(new Term(field, last));
            }

            var clauses = tokens.Take(tokens.Count - 1).Select(t => (SpanQuery)new SpanTermQuery(new Term(field, t.Term)))
                .Append(new SpanMultiTermQueryWrapper<PrefixQuery>(new PrefixQuery(new Term(field, tokens[^1].Term))))
                .ToArray();
            return new SpanNearQuery(clauses, 0, true);
        }

        switch (tokens.Count)
        {
            case 0:
                return new BooleanQuery(); // nothing searchable in it (punctuation only): matches nothing
            case 1:
                return new TermQuery(new Term(field, tokens[0].Term));
            default:
                var phrase = new PhraseQuery { Slop = slop };
                foreach (var (term, position) in tokens)
                {
                    phrase.Add(new Term(field, term), position);
                }

                return phrase;
        }
    }

    /// <summary>
    /// <c>word~</c>: no edits for one or two letters, one up to five, two beyond (the usual "auto" fuzziness):
    /// two edits on a short word match almost anything.
    /// </summary>
    internal static int AutoEdits(string term) => term.Length <= 2 ? 0 : term.Length <= 5 ? 1 : 2;

    /// <summary>The analysed tokens of <paramref name="value"/> that start a position (stacked parts left out), with positions.</summary>
    internal List<(string Term, int Position)> Tokens(string field, string value)
    {
        var list = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, value);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            if (increment.PositionIncrement > 0)
            {
                position += increment.PositionIncrement;
                list.Add((term.ToString(), position));
            }
        }

        stream.End();
        return list;
    }

    private string LastRawToken(string field, string value)
    {
        using var stream = analyzer.GetTokenStream(field, value);
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var last = value;
        while (stream.IncrementToken())
        {
            last = value[offset.StartOffset..offset.EndOffset];
        }

        stream.End();
        return last;
    }
}
