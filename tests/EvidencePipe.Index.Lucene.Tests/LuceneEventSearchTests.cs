using System.Text.RegularExpressions;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Search;
using EvidencePipe.Synthesis;
using EvidencePipe.TestSupport;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Store.Sqlite.Tests;
using EvidencePipe.Time;

namespace EvidencePipe.Index.Lucene.Tests;

public sealed partial class LuceneEventSearchTests : IDisposable
{
    private static readonly string[] Words = ["outside", "your", "house", "the", "I", "am", "saw", "you", "at", "gym", "love", "hate", "tonight", "threaten", "threatened", "threats"];
    private readonly TempDirectory _dir = new();
    private readonly CaseStore _store;
    private readonly List<CommunicationEvent> _events = [];
    private readonly QueryParser _parser = new(CaseTimeZone.Default, PhoneRegion.Default);

    public LuceneEventSearchTests()
    {
        _store = CaseStore.Open(_dir.Path, create: true);
        var random = new SplitMix64(42);
        for (var i = 0; i < 600; i++)
        {
            var n = random.Next(2, 9);
            var text = string.Join(' ', Enumerable.Range(0, n).Select(_ => random.Pick(Words)));
            var from = i % 3 == 0 ? "tel:+447700900666" : "tel:+447700900222";
            var channel = i % 4 == 0 ? "whatsapp" : "sms";
            _events.Add(CaseBuilder.Message(i, text, from, channel, fromName: i % 3 == 0 ? "Jordan Blake" : null));
        }

        // Punctuation and case must not defeat a phrase.
        _events.Add(CaseBuilder.Message(1000, "I'm OUTSIDE, your house... now!"));
        CaseBuilder.Write(_store, _events);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_phrase_search_returns_exactly_the_events_containing_the_phrase()
    {
        var expected = _events.Where(e => ContainsPhrase(e.Text!, ["outside", "your", "house"])).Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids("\"outside your house\""));
    }

    [Fact]
    public void Words_without_quotes_match_in_any_order()
    {
        var expected = _events.Where(e => Tokens(e.Text!).Contains("gym") && Tokens(e.Text!).Contains("saw")).Select(e => e.Id).Order().ToList();
        Assert.Equal(expected, Ids("gym saw"));
        Assert.True(expected.Count > Ids("\"saw gym\"").Count);
    }

    [Fact]
    public void OR_and_NOT_follow_boolean_logic()
    {
        var expected = _events.Where(e => (Tokens(e.Text!).Contains("love") || Tokens(e.Text!).Contains("hate")) && !Tokens(e.Text!).Contains("tonight"))
            .Select(e => e.Id).Order().ToList();
        Assert.Equal(expected, Ids("(love OR hate) NOT tonight"));
    }

    [Fact]
    public void A_prefix_matches_every_word_that_starts_with_it()
    {
        var expected = _events.Where(e => Tokens(e.Text!).Any(t => t.StartsWith("threat", StringComparison.Ordinal))).Select(e => e.Id).Order().ToList();
        Assert.Equal(expected, Ids("threat*"));
        Assert.True(expected.Count > Ids("threaten").Count);
    }

    [Fact]
    public void From_matches_the_number_in_any_written_form_and_the_display_name()
    {
        var expected = _events.Where(e => e.From == "tel:+447700900666" && Tokens(e.Text!).Contains("gym")).Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids("from:07700900666 gym"));
        Assert.Equal(expected.Intersect(_events.Where(e => e.Names.Count > 0).Select(e => e.Id)).Order().ToList(), Ids("from:jordan gym"));
    }

    [Fact]
    public void Channel_and_date_filters_combine_with_text()
    {
        var after = new DateTimeOffset(2024, 1, 1, 5, 0, 0, TimeSpan.Zero);
        var expected = _events.Where(e => e.Channel == "whatsapp" && e.Time.Utc >= after && Tokens(e.Text!).Contains("house")).Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids("house channel:whatsapp after:2024-01-01T05:00Z"));
    }

    [Fact]
    public void A_pure_filter_query_needs_no_text()
    {
        var expected = _events.Where(e => e.Channel == "whatsapp" && !Tokens(e.Text!).Contains("love")).Select(e => e.Id).Order().ToList();
        Assert.Equal(expected, Ids("channel:whatsapp -love"));
    }

    [Fact]
    public void The_total_counts_all_matches_while_the_page_is_limited_and_newest_first()
    {
        var result = Search("house", 5, SearchSort.Time);
        var all = _events.Where(e => Tokens(e.Text!).Contains("house")).OrderByDescending(e => e.Time.Utc).ToList();
        Assert.Equal(all.Count, result.Total);
        Assert.Equal(all.Take(5).Select(e => e.Id), result.Hits.Select(h => h.Event.Id));
        Assert.Equal(all.OrderBy(e => e.Time.Utc).Take(5).Select(e => e.Id), Search("house", 5, SearchSort.Oldest).Hits.Select(h => h.Event.Id));
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("omega")]
    [InlineData("channel:sms alpha")]
    [InlineData("alpha -omega")]
    public void Common_and_rare_terms_give_the_same_pages_as_a_full_sort_with_ties_broken_by_id(string query)
    {
        // Every event says "alpha", one in 25 "omega"; pairs of events share a timestamp. The store picks
        // a different plan for common and rare terms (probing the index from the newest event, or
        // collecting all matches); whichever it picks, the page must be the full sort's first rows.
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        var start = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 400)
            .Select(i => CaseBuilder.Message(i, i % 25 == 0 ? "alpha omega " + i : "alpha " + i, channel: i % 2 == 0 ? "sms" : "whatsapp", at: start.AddMinutes(i / 2)))
            .ToList();
        CaseBuilder.Write(store, events);
        var parsed = _parser.Parse(query);
        var matching = events.Where(e => e.Text!.Contains("alpha", StringComparison.Ordinal)
            && (query != "omega" || e.Text.Contains("omega", StringComparison.Ordinal))
            && (!query.StartsWith("channel:sms", StringComparison.Ordinal) || e.Channel == "sms")
            && (!query.EndsWith("-omega", StringComparison.Ordinal) || !e.Text.Contains("omega", StringComparison.Ordinal))).ToList();
        var newest = matching.OrderByDescending(e => e.Time.Utc).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id).ToList();
        var oldest = matching.OrderBy(e => e.Time.Utc).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id).ToList();
        foreach (var limit in new[] { 1, 3, 7, 50 })
        {
            var byTime = CaseSearch.Run(store, new SearchRequest(parsed, limit, SearchSort.Time), CancellationToken.None);
            Assert.Equal(matching.Count, byTime.Total);
            Assert.Equal(newest.Take(limit), byTime.Hits.Select(h => h.Event.Id));
            var byAge = CaseSearch.Run(store, new SearchRequest(parsed, limit, SearchSort.Oldest), CancellationToken.None);
            Assert.Equal(oldest.Take(limit), byAge.Hits.Select(h => h.Event.Id));
        }
    }

    [Fact]
    public void Relevance_sorting_returns_the_same_set_as_time_sorting()
    {
        var byTime = Search("love house", 1000, SearchSort.Time).Hits.Select(h => h.Event.Id).Order();
        var byRank = Search("love house", 1000, SearchSort.Relevance).Hits.Select(h => h.Event.Id).Order();
        Assert.Equal(byTime, byRank);
    }

    [Fact]
    public void Snippets_mark_the_matched_term()
    {
        var hit = Search("\"outside your house\"", 100, SearchSort.Time).Hits.Single(h => h.Event.Text!.StartsWith("I'm", StringComparison.Ordinal));
        Assert.Contains("[OUTSIDE", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_events_round_trip_unchanged()
    {
        var hit = Search("\"outside your house\"", 100, SearchSort.Time).Hits.Single(h => h.Event.Text!.StartsWith("I'm", StringComparison.Ordinal));
        var original = _events[^1];
        Assert.Equal(original.Id, hit.Event.Id);
        Assert.Equal(original.Time, hit.Event.Time);
        Assert.Equal(original.To, hit.Event.To);
        Assert.Equal(original.Source, hit.Event.Source);
        Assert.Equal(original.Direction, hit.Event.Direction);
    }

    [Fact]
    public void Snippets_mark_every_hit_in_the_window_and_a_phrase_as_one_span()
    {
        var hit = Search("\"outside your house\" now", 100, SearchSort.Time).Hits.Single(h => h.Event.Text!.StartsWith("I'm", StringComparison.Ordinal));
        Assert.Equal("I'm [OUTSIDE, your house]... [now]!", hit.Snippet);
    }

    [Theory]
    [InlineData("threaten~1", new[] { "i will threaten you", "i will thretaen you", "i will thraten you" })]
    [InlineData("threaten~", new[] { "i will threaten you", "i will thretaen you", "i will thraten you", "i will threat you" })]
    [InlineData("threaten~0", new[] { "i will threaten you" })]
    public void A_fuzzy_word_matches_words_within_its_edits(string query, string[] expected)
    {
        // Edits counted by hand: thretaen = one transposition, thraten = one deletion, threat = two deletions,
        // throttle = five; "~" alone allows two edits for a word of eight letters.
        string[] texts = ["i will threaten you", "i will thretaen you", "i will thraten you", "i will threat you", "i will throttle you"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), TextsFound(texts, query));
    }

    [Fact]
    public void A_fuzzy_hit_is_marked_in_its_snippet()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        CaseBuilder.Write(store, [CaseBuilder.Message(1, "u r gonna regert this")]);
        Assert.Equal("u r gonna [regert] this", Assert.Single(CaseSearch.Run(store, "regret~").Hits).Snippet);
    }

    [Theory]
    [InlineData("\"outside house\"~1", new[] { "outside your house" })]
    [InlineData("\"outside house\"~2", new[] { "outside your house", "outside of your house", "house outside" })]
    [InlineData("\"outside house\"", new string[0])]
    public void A_phrase_with_a_proximity_allows_that_many_moves(string query, string[] expected)
    {
        // Lucene's sloppy phrase counts how far words move from their places in the phrase (counted by hand):
        // "outside your house" 1, "outside of your house" 2, "house outside" 2 (a swap is two moves), the last 3.
        string[] texts = ["outside your house", "outside of your house", "house outside", "outside the big old house"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), TextsFound(texts, query));
    }

    [Fact]
    public void Kind_direction_and_attachment_fields_select_exactly_those_events()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        var kinds = new[] { EventKind.Message, EventKind.Call, EventKind.Email, EventKind.Media };
        var directions = new[] { Direction.Incoming, Direction.Outgoing, Direction.Unknown };
        var events = Enumerable.Range(0, 60).Select(i => CaseBuilder.Message(i, "word " + i) with
        {
            Kind = kinds[i % 4],
            Direction = directions[i % 3],
            Attachments = i % 5 == 0 ? [new Attachment("photo.jpg", "image/jpeg", 10, new string('c', 64))] : [],
        }).ToList();
        CaseBuilder.Write(store, events);
        List<string> Ids(Func<CommunicationEvent, bool> where) => events.Where(where).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        List<string> Found(string q) => CaseSearch.Run(store, q).Hits.Select(h => h.Event.Id).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Ids(e => e.Kind == EventKind.Call), Found("kind:call"));
        Assert.Equal(Ids(e => e.Direction == Direction.Outgoing), Found("direction:outgoing"));
        Assert.Equal(Ids(e => e.Attachments.Count > 0), Found("has:attachment"));
        Assert.Equal(Ids(e => e.Kind == EventKind.Email && e.Direction == Direction.Incoming && e.Attachments.Count == 0), Found("kind:email direction:incoming -has:attachment"));
    }

    [Fact]
    public void From_and_to_a_number_or_address_match_that_identifier_exactly_not_a_longer_one_that_starts_with_its_words()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        // Identifiers whose words begin with another's: the words "email jordan example net" start both addresses,
        // and "tel 447700900666" starts the number with an extension, which is a line of its own (RFC 3966 §5.1.5).
        string[] parties = ["email:jordan@example.net", "email:jordan@example.net.uk", "tel:+447700900666", "tel:+447700900666;ext=12", "handle:telegram:Jordan"];
        var events = Enumerable.Range(0, 50).Select(i => CaseBuilder.Message(i, "word " + i, from: parties[i % 5], to: parties[(i / 5) % 5], fromName: i % 2 == 0 ? "Jordan Blake" : null))
            .Select((e, i) => i % 7 == 0 ? e with { To = [.. e.To, "tel:+447700900666"] } : e)
            .ToList();
        CaseBuilder.Write(store, events);
        List<string> Ids(Func<CommunicationEvent, bool> where) => events.Where(where).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        SearchResult Run(string q) => CaseSearch.Run(store, q);
        List<string> Found(SearchResult r) => r.Hits.Select(h => h.Event.Id).Order(StringComparer.Ordinal).ToList();

        var fromAddress = Run("from:Jordan@Example.net");
        Assert.Equal(Ids(e => e.From == "email:jordan@example.net"), Found(fromAddress));
        Assert.Equal(10, fromAddress.Total); // every fifth of 50
        Assert.Equal(Ids(e => e.From == "tel:+447700900666"), Found(Run("from:07700900666")));
        Assert.Equal(Ids(e => e.From == "tel:+447700900666;ext=12"), Found(Run("from:\"07700 900666 ext. 12\"")));
        Assert.Equal(Ids(e => e.To.Contains("tel:+447700900666")), Found(Run("to:+447700900666")));
        Assert.Equal(Ids(e => e.To.Contains("email:jordan@example.net.uk")), Found(Run("to:jordan@example.net.uk")));
        // A handle keeps the words of the party field (as typed, case folded), and a name is still found by its words.
        Assert.Equal(Ids(e => e.From == "handle:telegram:Jordan"), Found(Run("from:handle:telegram:jordan")));
        Assert.Equal(Ids(e => e.Names.Count > 0), Found(Run("from:\"jordan blake\"")));
        Assert.Equal(Ids(e => e.From == "tel:+447700900666" && e.To.Contains("tel:+447700900666")), Found(Run("from:07700900666 to:07700900666")));
    }

    [Theory]
    [InlineData("after:2024-01-03 before:2024-01-04")]
    [InlineData("alpha after:2024-01-03T06:00Z before:2024-01-03T07:00Z")]
    [InlineData("channel:whatsapp after:2024-01-02 before:2024-01-05 after:2024-01-03")]
    [InlineData("alpha after:2024-01-05 -before:2024-01-06")]
    [InlineData("(alpha OR omega) before:2024-01-02T12:00Z")]
    [InlineData("after:2025-01-01")]
    public void Date_ranges_over_many_runs_of_documents_select_exactly_the_events_in_them(string query)
    {
        // 6,000 events, a run of documents being 1,024 (SortKeyBlocks): the runs each cover a span of time, one event
        // in 50 is far out of order (a late-delivered message), so a run's span is sometimes wide.
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new SplitMix64(7);
        var events = Enumerable.Range(0, 6000).Select(i =>
        {
            var at = i % 50 == 0 ? start.AddMinutes(random.Next(0, 6000 * 2)) : start.AddMinutes(2 * i);
            return CaseBuilder.Message(i, i % 3 == 0 ? "alpha" : i % 7 == 0 ? "omega" : "beta", channel: i % 4 == 0 ? "whatsapp" : "sms", at: at);
        }).ToList();
        CaseBuilder.Write(store, events);
        var parsed = _parser.Parse(query);

        // Newest first, ties by id; oldest first, ties by id (the store's order).
        var expected = events.Where(e => Matches(parsed, e)).OrderByDescending(e => e.Time.Utc).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id).ToList();
        var oldest = events.Where(e => Matches(parsed, e)).OrderBy(e => e.Time.Utc).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id).Take(10).ToList();
        var result = CaseSearch.Run(store, new SearchRequest(parsed, 100_000, SearchSort.Time), CancellationToken.None);
        Assert.Equal(expected.Count, result.Total);
        Assert.Equal(expected, result.Hits.Select(h => h.Event.Id));
        var page = CaseSearch.Run(store, new SearchRequest(parsed, 10, SearchSort.Oldest), CancellationToken.None);
        Assert.Equal(oldest, page.Hits.Select(h => h.Event.Id));

        // The oracle: the query's meaning read off the events themselves.
        static bool Matches(QueryNode node, CommunicationEvent e) => node switch
        {
            AndNode and => and.Children.All(c => Matches(c, e)),
            OrNode or => or.Children.Any(c => Matches(c, e)),
            NotNode not => !Matches(not.Child, e),
            TextNode text => e.Text == text.Value,
            ChannelNode channel => e.Channel == channel.Channel,
            TimeNode time => time.IsBefore ? e.Time.Utc < time.Instant : e.Time.Utc >= time.Instant,
            _ => throw new NotSupportedException(node.GetType().Name),
        };
    }

    private SearchResult Search(string query, int limit, SearchSort sort) =>
        CaseSearch.Run(_store, new SearchRequest(_parser.Parse(query), limit, sort), CancellationToken.None);

    private List<string> Ids(string query) => Search(query, 100_000, SearchSort.Time).Hits.Select(h => h.Event.Id).Order().ToList();

    private static List<string> Tokens(string text) => WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    private static bool ContainsPhrase(string text, string[] phrase)
    {
        var tokens = Tokens(text);
        for (var i = 0; i + phrase.Length <= tokens.Count; i++)
        {
            if (tokens.Skip(i).Take(phrase.Length).SequenceEqual(phrase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("[\\p{L}\\p{N}]+")]
    private static partial Regex WordPattern();

    /// <summary>Writes one message per text into a new case and returns the texts <paramref name="query"/> finds, in ordinal order.</summary>
    private static IEnumerable<string?> TextsFound(string[] texts, string query)
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        CaseBuilder.Write(store, texts.Select((t, i) => CaseBuilder.Message(i, t)));
        return [.. CaseSearch.Run(store, query).Hits.Select(h => h.Event.Text).Order(StringComparer.Ordinal)];
    }
}
