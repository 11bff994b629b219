using EvidencePipe.Model;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Store.Sqlite.Tests;
using EvidencePipe.TestSupport;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace EvidencePipe.Index.Lucene.Tests;

public sealed class CaseIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<CommunicationEvent> Messages(int from, int count, string words = "hello world") =>
        Enumerable.Range(from, count).Select(i => CaseBuilder.Message(i, $"{words} {i}")).ToList();

    /// <summary>Writes through the real store writer with the index fed beside it, as ingest does.</summary>
    private static List<string> WriteIndexed(CaseStore store, IEnumerable<CommunicationEvent> events)
    {
        var diagnostics = new List<string>();
        using var index = CaseIndex.Open(store, verifyCount: true, diagnostics.Add, CancellationToken.None);
        var feed = new IndexFeed(index);
        CaseBuilder.Write(store, events, feed);
        feed.CompleteAsync().GetAwaiter().GetResult();
        return diagnostics;
    }

    /// <summary>Documents in the index's last commit, read with Lucene directly.</summary>
    private static int Documents(CaseStore store)
    {
        using var directory = new NIOFSDirectory(new DirectoryInfo(CaseIndex.PathOf(store)));
        using var reader = DirectoryReader.Open(directory);
        return reader.NumDocs;
    }

    private static IDictionary<string, string> CommitData(CaseStore store)
    {
        using var directory = new NIOFSDirectory(new DirectoryInfo(CaseIndex.PathOf(store)));
        var infos = new SegmentInfos();
        infos.Read(directory);
        return infos.UserData;
    }

    private static long MaxRowId(CaseStore store) => EventQueries.HighWaterMark(store);

    [Fact]
    public void The_fed_index_commits_the_stores_high_water_mark_and_one_document_per_event()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        Assert.Empty(WriteIndexed(store, Messages(0, 50))); // a new case's index is not "missing"
        Assert.Equal(50, Documents(store));
        Assert.Equal(MaxRowId(store).ToString(System.Globalization.CultureInfo.InvariantCulture), CommitData(store)[CaseIndex.MarkKey]);
        Assert.Equal(50, CaseSearch.Run(store, "hello").Total);
    }

    [Fact]
    public void Writing_the_same_events_twice_does_not_duplicate_the_index()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, Messages(0, 50));
        Assert.Empty(WriteIndexed(store, Messages(0, 50)));
        Assert.Equal(50, Documents(store));
        Assert.Equal(50, CaseSearch.Run(store, "hello", limit: 1).Total);
    }

    [Theory]
    [InlineData("b/copy.txt", "a/original.txt")]
    [InlineData("a/original.txt", "b/copy.txt")]
    public void The_same_content_at_two_paths_stays_one_document_per_event(string firstWritten, string secondWritten)
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        var events = Messages(0, 5, "same words");
        WriteIndexed(store, events.Select(e => e with { Source = e.Source with { Path = firstWritten } }));
        WriteIndexed(store, events.Select(e => e with { Source = e.Source with { Path = secondWritten } }));
        Assert.Equal(5, Documents(store));
        var result = CaseSearch.Run(store, "words");
        Assert.Equal(5, result.Total);
        Assert.All(result.Hits, h => Assert.Equal("a/original.txt", h.Event.Source.Path));
    }

    [Theory]
    [InlineData("b/copy.txt", "a/original.txt")]
    [InlineData("a/original.txt", "b/copy.txt")]
    public void A_replaced_document_is_merged_away_so_term_statistics_count_each_event_once(string firstWritten, string secondWritten)
    {
        // BM25 reads document frequencies that still count deleted documents until their segment is merged: without
        // the merge, the order the copies were read in would change every relevance score (CaseIndex.MergeDeletes).
        // Five other events share the first segment, so Lucene does not simply drop it as wholly deleted.
        using var store = CaseStore.Open(_dir.Path, create: true);
        var events = Messages(0, 5, "same words");
        WriteIndexed(store, events.Select(e => e with { Source = e.Source with { Path = firstWritten } }).Concat(Messages(100, 5, "other words")));
        WriteIndexed(store, events.Select(e => e with { Source = e.Source with { Path = secondWritten } }));
        using var directory = new NIOFSDirectory(new DirectoryInfo(CaseIndex.PathOf(store)));
        using var reader = DirectoryReader.Open(directory);
        Assert.Equal(10, reader.NumDocs);
        Assert.Equal(10, reader.MaxDoc); // no deleted document left in any segment
        Assert.Equal(5, reader.DocFreq(new Term(EventFields.Text, "same")));
        Assert.Equal(10, reader.DocFreq(new Term(EventFields.Text, "words")));
    }

    [Fact]
    public void A_missing_index_is_built_from_the_store_with_a_diagnostic()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        CaseBuilder.Write(store, Messages(0, 30));
        var diagnostics = new List<string>();
        Assert.Equal(30, CaseSearch.Run(store, new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None, diagnostics).Total);
        Assert.Contains("search index is missing: rebuilding it from the store", Assert.Single(diagnostics), StringComparison.Ordinal);
        Assert.Equal(30, Documents(store));
    }

    [Fact]
    public void An_index_behind_the_store_is_brought_up_to_date_with_a_diagnostic()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, Messages(0, 20));
        CaseBuilder.Write(store, Messages(20, 7)); // the store committed, the index did not (a crash between the two)
        var diagnostics = new List<string>();
        using (var index = CaseIndex.Open(store, verifyCount: true, diagnostics.Add, CancellationToken.None))
        {
            Assert.Equal(MaxRowId(store), index.Mark);
        }

        Assert.Contains("7 events behind the store", Assert.Single(diagnostics), StringComparison.Ordinal);
        Assert.Equal(27, Documents(store));
        Assert.Equal(27, CaseSearch.Run(store, "hello").Total);
    }

    [Fact]
    public void A_new_cases_index_is_opened_without_a_diagnostic_and_without_a_commit()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        var diagnostics = new List<string>();
        using (var index = CaseIndex.Open(store, verifyCount: true, diagnostics.Add, CancellationToken.None))
        {
            Assert.False(index.HasCommit);
        }

        Assert.Empty(diagnostics);
        using var directory = new NIOFSDirectory(new DirectoryInfo(CaseIndex.PathOf(store)));
        Assert.False(DirectoryReader.IndexExists(directory));
    }

    [Fact]
    public void An_ingest_that_adds_no_event_still_leaves_a_committed_empty_index()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        Assert.Empty(WriteIndexed(store, []));
        Assert.Equal(0, Documents(store));
        Assert.Equal("0", CommitData(store)[CaseIndex.MarkKey]);
    }

    [Fact]
    public void A_search_of_a_new_case_with_no_index_commits_an_empty_one_and_finds_nothing()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        var diagnostics = new List<string>();
        Assert.Equal(0, CaseSearch.Run(store, new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None, diagnostics).Total);
        Assert.Empty(diagnostics);
        Assert.Equal(0, Documents(store));
    }

    [Fact]
    public void A_search_during_the_first_ingest_of_a_case_before_its_first_commit_finds_nothing_and_says_so()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        using var writing = CaseIndex.Open(store, verifyCount: true, _ => { }, CancellationToken.None);
        _ = writing.Writer; // the first ingest's writer holds the index lock, nothing committed yet
        CaseBuilder.Write(store, Messages(0, 4));
        var diagnostics = new List<string>();
        using var reading = CaseIndex.Open(store, verifyCount: false, diagnostics.Add, CancellationToken.None);
        using var search = new LuceneEventSearch(reading);
        Assert.Equal(0, search.Search(new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None).Total);
        Assert.Contains("no commit yet: searching nothing (4 events not in it yet)", Assert.Single(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_while_an_ingest_holds_the_index_searches_its_last_commit()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, Messages(0, 20));
        using var writing = CaseIndex.Open(store, verifyCount: true, _ => { }, CancellationToken.None);
        _ = writing.Writer; // the ingest's writer holds the index lock
        CaseBuilder.Write(store, Messages(20, 5));
        var diagnostics = new List<string>();
        using var reading = CaseIndex.Open(store, verifyCount: false, diagnostics.Add, CancellationToken.None);
        using var search = new LuceneEventSearch(reading);
        Assert.Equal(20, search.Search(new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None).Total);
        Assert.Contains("5 events not in it yet", Assert.Single(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_index_is_rebuilt_with_a_diagnostic()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, Messages(0, 40));
        foreach (var file in System.IO.Directory.GetFiles(CaseIndex.PathOf(store)).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length / 2).ToArray()); // every file cut in half
        }

        var diagnostics = new List<string>();
        Assert.Equal(40, CaseSearch.Run(store, new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None, diagnostics).Total);
        Assert.Contains("rebuilding it from the store (40 events)", Assert.Single(diagnostics), StringComparison.Ordinal);
        Assert.Equal(40, Documents(store));
    }

    [Fact]
    public void An_index_ahead_of_its_store_is_rebuilt()
    {
        using var other = new TempDirectory();
        using (var big = CaseStore.Open(other.Path, create: true))
        {
            WriteIndexed(big, Messages(0, 60));
        }

        using var store = CaseStore.Open(_dir.Path, create: true);
        CaseBuilder.Write(store, Messages(100, 10));
        WriteIndexed(store, []); // an index for this store, then another case's index copied over it
        System.IO.Directory.Delete(CaseIndex.PathOf(store), recursive: true);
        System.IO.Directory.CreateDirectory(CaseIndex.PathOf(store));
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(other.Path, CaseIndex.FolderName)))
        {
            File.Copy(file, Path.Combine(CaseIndex.PathOf(store), Path.GetFileName(file)));
        }

        var diagnostics = new List<string>();
        Assert.Equal(10, CaseSearch.Run(store, new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None, diagnostics).Total);
        Assert.Contains("beyond the store", Assert.Single(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_with_documents_the_store_does_not_count_is_rebuilt_when_counts_are_checked()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, Messages(0, 10));
        using (var directory = new NIOFSDirectory(new DirectoryInfo(CaseIndex.PathOf(store))))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(CaseAnalyzer.Version, new CaseAnalyzer(null))))
        {
            var data = CommitData(store);
            writer.AddDocument(new EventFields.Builder().Fields(new StoredEvent(1, CaseBuilder.Message(1, "stray"))));
            writer.SetCommitData(data);
            writer.Commit();
        }

        var diagnostics = new List<string>();
        using (CaseIndex.Open(store, verifyCount: true, diagnostics.Add, CancellationToken.None))
        {
        }

        Assert.Contains("holds 11 documents where the store has 10", Assert.Single(diagnostics), StringComparison.Ordinal);
        Assert.Equal(10, Documents(store));
    }

    [Fact]
    public void An_index_in_the_earlier_document_layout_is_rebuilt_in_the_current_one()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, Messages(0, 10));
        using (var directory = new NIOFSDirectory(new DirectoryInfo(CaseIndex.PathOf(store))))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(CaseAnalyzer.Version, new CaseAnalyzer(null))))
        {
            // What the first Lucene build committed: no layout entry.
            var data = new Dictionary<string, string>(CommitData(store));
            data.Remove(CaseIndex.LayoutKey);
            writer.SetCommitData(data);
            writer.Commit();
        }

        var diagnostics = new List<string>();
        Assert.Equal(10, CaseSearch.Run(store, new Search.SearchRequest(new Search.TextNode("hello", false, false), 5, Search.SearchSort.Time), CancellationToken.None, diagnostics).Total);
        Assert.Contains("has document layout 'v1'", Assert.Single(diagnostics), StringComparison.Ordinal);
        Assert.Equal(CaseIndex.Layout, CommitData(store)[CaseIndex.LayoutKey]);
    }

    [Fact]
    public void A_change_of_case_language_rebuilds_the_index_with_the_new_analysis()
    {
        using var store = CaseStore.Open(_dir.Path, create: true);
        WriteIndexed(store, [CaseBuilder.Message(1, "she was threatening him")]);
        Assert.Equal(0, CaseSearch.Run(store, "threaten").Total);
        store.SetMeta(CaseIndex.LanguageKey, "english");
        var diagnostics = new List<string>();
        Assert.Equal(1, CaseSearch.Run(store, new Search.SearchRequest(new Search.TextNode("threaten", false, false), 5, Search.SearchSort.Time), CancellationToken.None, diagnostics).Total);
        Assert.Contains("message-v1/english", Assert.Single(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_made_before_identifiers_were_renormalised_is_rebuilt_so_from_finds_the_one_identifier()
    {
        using (var store = CaseStore.Open(_dir.Path, create: true))
        {
            store.SetMeta("region", "GB");
            WriteIndexed(store, [
                CaseBuilder.Message(1, "old form", from: "tel:+4407700900666"),
                CaseBuilder.Message(2, "new form", from: "tel:+447700900666"),
            ]);
        }

        // As a case from an earlier build: no normaliser recorded, so the next open re-normalises the rows.
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, CaseStore.DatabaseFileName)};Pooling=False"))
        {
            old.Open();
            using var cmd = old.CreateCommand();
            cmd.CommandText = "DELETE FROM meta WHERE key = 'phone_normaliser'";
            cmd.ExecuteNonQuery();
        }

        using var reopened = CaseStore.Open(_dir.Path, create: false);
        var diagnostics = new List<string>();
        var result = CaseSearch.Run(reopened, new SearchRequest(new QueryParser(Time.CaseTimeZone.Default, Identifiers.PhoneRegion.Default).Parse("from:07700900666"), 10, SearchSort.Oldest), CancellationToken.None, diagnostics);
        Assert.Contains(diagnostics, d => d.Contains("rewritten", StringComparison.Ordinal));
        Assert.Equal(["line 1", "line 2"], result.Hits.Select(h => h.Event.Source.Locator));
        Assert.Equal("1", CommitData(reopened)[CaseIndex.RevisionKey]);
    }
}
