using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The terms of an event's <see cref="EventFields.Meta"/> field, as they are (no analysis), and its sort key,
/// which <see cref="SortKeySimilarity"/> reads back as the field's norm. One instance per indexing thread, reused.
/// </summary>
internal sealed class MetaTokenStream : TokenStream
{
    private readonly ICharTermAttribute _term;
    private readonly List<string?> _terms = new(8);
    private int _next;

    public MetaTokenStream() => _term = AddAttribute<ICharTermAttribute>();

    /// <summary>The sort key of the event whose terms are being indexed.</summary>
    public long SortKey { get; private set; }

    /// <summary>Starts the terms of the next event; <see cref="Add"/> appends its party terms.</summary>
    public void Set(long sortKey, string channel, string kind, string direction, string? has)
    {
        SortKey = sortKey;
        _terms.Clear();
        _terms.Add(channel);
        _terms.Add(kind);
        _terms.Add(direction);
        _terms.Add(has);
    }

    public void Add(string term) => _terms.Add(term);

    public override bool IncrementToken()
    {
        while (_next < _terms.Count)
        {
            if (_terms[_next++] is { } term)
            {
                ClearAttributes();
                _term.SetEmpty().Append(term);
                return true;
            }
        }

        return false;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}

/// <summary>
/// The index writer's similarity: BM25 (as FTS5's bm25()) for every field but <see cref="EventFields.Meta"/>,
/// whose norm is not a length but the event's sort key (Lucene 4's norms are 64-bit values, computed here from
/// the field's token stream, <see cref="MetaTokenStream"/>). The meta field is never scored: its queries are
/// constant-score filters (<see cref="QueryCompiler"/>).
/// </summary>
internal sealed class SortKeySimilarity : PerFieldSimilarityWrapper
{
    private readonly BM25Similarity _text = new();
    private readonly KeyNorm _meta = new();

    public override Similarity Get(string name) => name == EventFields.Meta ? _meta : _text;

    private sealed class KeyNorm : Similarity
    {
        public override long ComputeNorm(FieldInvertState state) =>
            state.AttributeSource is MetaTokenStream meta ? meta.SortKey : throw new InvalidOperationException("the meta field is indexed from a MetaTokenStream only");

        public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats) =>
            throw new NotSupportedException("the meta field is not scored");

        public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context) =>
            throw new NotSupportedException("the meta field is not scored");
    }
}
