using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Store.Sqlite.Tests;
using EvidencePipe.Synthesis;
using EvidencePipe.Time;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace EvidencePipe.Index.Lucene.Tests;

/// <summary>
/// <see cref="SearchPage"/> (pruned query, separate count, runs of documents newest first, score-only relevance
/// pass) against the oracle it must equal: Lucene's own full sort (IndexSearcher.Search with
/// <see cref="SearchPage.FullSort"/>) of the query as compiled, over every hit. Generated indexes with several
/// segments, deletions, documents out of time order, equal timestamps and fully equal sort keys (ties left to
/// the document id); many queries, limits and run sizes; each comparison is of the total, the documents in
/// order and, by relevance, the scores to the bit.
/// </summary>
public sealed class SearchPageTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "house", "outside", "you", "tonight", "jordan"];
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Queries =
    [
        "alpha", "you", "omega", "nothingsuch", "alpha OR gamma", "alpha gamma", "alpha -beta", "NOT alpha", "\"alpha beta\"",
        "alp*", "channel:sms", "channel:whatsapp you", "from:+447700900666", "jordan", "blake", "jordan OR tonight", "blake alpha",
        "after:2024-01-20 you", "before:2024-01-10 OR omega", "(alpha OR beta) NOT (gamma OR delta)", "alpah~",
    ];

    [Theory]
    [InlineData(1UL, false)]
    [InlineData(2UL, true)]
    [InlineData(3UL, true)]
    public void Every_page_equals_the_full_sort_of_every_hit(ulong seed, bool deletions)
    {
        using var directory = Build(seed, deletions);
        using var reader = DirectoryReader.Open(directory);
        Assert.True(reader.Leaves.Count > 3);
        Assert.Equal(deletions, reader.HasDeletions);
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        var compiler = new QueryCompiler(new CaseAnalyzer(null));
        var parser = new QueryParser(CaseTimeZone.Default, PhoneRegion.Default);
        var compared = 0;
        foreach (var text in Queries)
        {
            var query = compiler.Compile(parser.Parse(text));
            var pruned = QueryPruner.Prune(query, reader);
            foreach (var sort in new[] { SearchSort.Time, SearchSort.Oldest, SearchSort.Relevance })
            {
                foreach (var limit in new[] { 0, 1, 3, 25, 130, 5000 })
                {
                    var expected = limit == 0 ? null : searcher.Search(query, null, limit, SearchPage.FullSort(sort), doDocScores: sort == SearchSort.Relevance, doMaxScore: false);
                    foreach (var blockSize in new[] { 1, 7, 64, 1024 })
                    {
                        var (total, page) = SearchPage.Find(searcher, pruned, limit, sort, blockSize, fullSortBelow: 0, CancellationToken.None);
                        var what = $"'{text}' {sort} limit {limit} runs of {blockSize}";
                        Assert.True(Count(searcher, query) == total, what + ": total");
                        if (expected is null)
                        {
                            Assert.Empty(page);
                            continue;
                        }

                        Assert.True(expected.TotalHits == total, what + ": total");
                        Assert.True(expected.ScoreDocs.Select(d => d.Doc).SequenceEqual(page.Select(d => d.Doc)), what + ": documents");
                        if (sort == SearchSort.Relevance)
                        {
                            Assert.True(expected.ScoreDocs.Select(d => BitConverter.SingleToInt32Bits(d.Score)).SequenceEqual(page.Select(d => BitConverter.SingleToInt32Bits(d.Score))), what + ": scores");
                        }

                        compared++;
                    }
                }
            }
        }

        Assert.Equal(Queries.Length * 3 * 5 * 4, compared);
    }

    [Fact]
    public void A_word_or_phrase_no_name_holds_is_searched_in_text_alone_and_a_word_in_names_and_text_keeps_both()
    {
        using var directory = Build(4, deletions: false);
        using var reader = DirectoryReader.Open(directory);
        var compiler = new QueryCompiler(new CaseAnalyzer(null));
        var parser = new QueryParser(CaseTimeZone.Default, PhoneRegion.Default);

        var word = QueryPruner.Prune(compiler.Compile(parser.Parse("alpha")), reader);
        var clause = Assert.Single(Assert.IsType<BooleanQuery>(word).Clauses);
        Assert.Equal(new Term(EventFields.Text, "alpha"), Assert.IsType<TermQuery>(clause.Query).Term);

        var phrase = Assert.Single(Assert.IsType<BooleanQuery>(QueryPruner.Prune(compiler.Compile(parser.Parse("\"alpha beta\"")), reader)).Clauses);
        Assert.Equal([new Term(EventFields.Text, "alpha"), new Term(EventFields.Text, "beta")], Assert.IsType<PhraseQuery>(phrase.Query).GetTerms());

        // "jordan" is a word of some texts and a display name (Jordan Blake); "blake" only a name.
        var both = Assert.IsType<BooleanQuery>(QueryPruner.Prune(compiler.Compile(parser.Parse("jordan")), reader));
        Assert.Equal(2, both.Clauses.Count);
        var nameOnly = Assert.Single(Assert.IsType<BooleanQuery>(QueryPruner.Prune(compiler.Compile(parser.Parse("blake")), reader)).Clauses);
        Assert.Equal(new Term(EventFields.Names, "blake"), Assert.IsType<TermQuery>(nameOnly.Query).Term);
    }

    [Fact]
    public void A_page_of_the_newest_reads_only_the_runs_that_can_still_beat_it()
    {
        // Documents in time order (as an ingest mostly writes them): the 10 newest "you" are in the last runs,
        // so a search that visited every run would offer every hit. It must offer far fewer, and the same page.
        using var directory = new RAMDirectory();
        var events = Enumerable.Range(0, 4000).Select(i => new StoredEvent(i + 1, CaseBuilder.Message(i, "you " + Words[i % Words.Length], at: Start.AddMinutes(i)))).ToList();
        Write(directory, [events]);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        var query = new TermQuery(new Term(EventFields.Text, "you"));
        var counting = new CountingQuery(query);
        var page = TimeOrderedPage.Find(searcher, counting, 10, newest: true, blockSize: 50, CancellationToken.None);
        var expected = searcher.Search(query, null, 10, SearchPage.FullSort(SearchSort.Time), false, false);
        Assert.Equal(expected.ScoreDocs.Select(d => d.Doc), page.Select(d => d.Doc));
        Assert.Equal(Enumerable.Range(3990, 10).Reverse(), page.Select(d => d.Doc));
        Assert.InRange(counting.Visited, 10, 8 * 50);
    }

    private static int Count(IndexSearcher searcher, Query query)
    {
        var counter = new TotalHitCountCollector();
        searcher.Search(query, counter);
        return counter.TotalHits;
    }

    /// <summary>
    /// Events in runs of nearby times written in shuffled run order (a case ingested from many sources), some at
    /// the same millisecond and some indexed twice (the same id and time: equal sort keys), in several segments.
    /// </summary>
    private static RAMDirectory Build(ulong seed, bool deletions)
    {
        var random = new SplitMix64(seed);
        var runs = new List<List<StoredEvent>>();
        var row = 0L;
        for (var run = 0; run < 40; run++)
        {
            var list = new List<StoredEvent>();
            var at = Start.AddHours(random.Next(0, 24 * 40));
            var length = random.Next(5, 90);
            for (var i = 0; i < length; i++)
            {
                var n = (int)row;
                var words = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Pick(Words)).ToList();
                if (random.Next(0, 40) == 0)
                {
                    words.Add("omega");
                }

                var fromName = random.Next(0, 5) == 0 ? "Jordan Blake" : null;
                var e = CaseBuilder.Message(n, string.Join(' ', words), channel: random.Next(0, 3) == 0 ? "whatsapp" : "sms", at: at, fromName: fromName);
                list.Add(new StoredEvent(++row, e));
                if (random.Next(0, 10) == 0)
                {
                    list.Add(new StoredEvent(++row, e)); // the same event again: an equal sort key, left to the document id
                }

                if (random.Next(0, 3) != 0)
                {
                    at = at.AddSeconds(random.Next(1, 600));
                }
            }

            runs.Add(list);
        }

        var directory = new RAMDirectory();
        Write(directory, runs.OrderBy(_ => random.NextDouble()).ToList());
        if (deletions)
        {
            using var writer = Writer(directory);
            writer.DeleteDocuments(new Term(EventFields.Text, "delta"));
            writer.Commit();
        }

        return directory;
    }

    private static void Write(RAMDirectory directory, IReadOnlyList<List<StoredEvent>> runs)
    {
        using var writer = Writer(directory);
        var builder = new EventFields.Builder();
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var stored in runs[i])
            {
                writer.AddDocument(builder.Fields(stored));
            }

            if (i % 6 == 5)
            {
                writer.Commit(); // a segment per few runs
            }
        }

        writer.Commit();
    }

    private static IndexWriter Writer(RAMDirectory directory) => new(directory, new IndexWriterConfig(CaseAnalyzer.Version, new CaseAnalyzer(null))
    {
        Similarity = new SortKeySimilarity(),
        MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
    });

    /// <summary>A query that counts the documents its scorers return (how many hits a search looked at).</summary>
    private sealed class CountingQuery(Query inner) : Query
    {
        public int Visited { get; private set; }

        public override Weight CreateWeight(IndexSearcher searcher) => new CountingWeight(this, inner.CreateWeight(searcher));

        public override string ToString(string field) => "counting(" + inner.ToString(field) + ")";

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => inner.GetHashCode();

        private sealed class CountingWeight(CountingQuery query, Weight inner) : Weight
        {
            public override Query Query => query;

            public override Explanation Explain(AtomicReaderContext context, int doc) => inner.Explain(context, doc);

            public override float GetValueForNormalization() => inner.GetValueForNormalization();

            public override void Normalize(float norm, float topLevelBoost) => inner.Normalize(norm, topLevelBoost);

            public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs) =>
                inner.GetScorer(context, acceptDocs) is { } scorer ? new CountingScorer(this, scorer, query) : null;
        }

        private sealed class CountingScorer(Weight weight, Scorer inner, CountingQuery query) : Scorer(weight)
        {
            public override int DocID => inner.DocID;

            public override int Freq => inner.Freq;

            public override float GetScore() => inner.GetScore();

            public override long GetCost() => inner.GetCost();

            public override int NextDoc() => Counted(inner.NextDoc());

            public override int Advance(int target) => Counted(inner.Advance(target));

            private int Counted(int doc)
            {
                if (doc != NO_MORE_DOCS)
                {
                    query.Visited++;
                }

                return doc;
            }
        }
    }
}
