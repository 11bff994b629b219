using EvidencePipe.Identifiers;
using EvidencePipe.Search;
using EvidencePipe.Time;

namespace EvidencePipe.Core.Tests.Search;

public sealed class QueryParserTests
{
    private readonly QueryParser _parser = new(CaseTimeZone.Default, PhoneRegion.Default);

    [Fact]
    public void Juxtaposed_words_are_an_AND()
    {
        var and = Assert.IsType<AndNode>(_parser.Parse("outside house"));
        Assert.Equal([new TextNode("outside", false, false), new TextNode("house", false, false)], and.Children);
    }

    [Fact]
    public void An_explicit_AND_is_the_same_as_juxtaposition() =>
        Assert.Equal(Assert.IsType<AndNode>(_parser.Parse("a b")).Children, Assert.IsType<AndNode>(_parser.Parse("a AND b")).Children);

    [Fact]
    public void A_quoted_phrase_is_one_phrase_node() =>
        Assert.Equal(new TextNode("outside your house", true, false), _parser.Parse("\"outside your house\""));

    [Fact]
    public void OR_binds_looser_than_AND()
    {
        var node = Assert.IsType<OrNode>(_parser.Parse("a b OR c"));
        Assert.IsType<AndNode>(node.Children[0]);
        Assert.Equal(new TextNode("c", false, false), node.Children[1]);
    }

    [Fact]
    public void NOT_and_minus_negate_the_next_term()
    {
        var and = Assert.IsType<AndNode>(_parser.Parse("love NOT you -me"));
        Assert.IsType<NotNode>(and.Children[1]);
        Assert.IsType<NotNode>(and.Children[2]);
    }

    [Fact]
    public void Parentheses_group()
    {
        var and = Assert.IsType<AndNode>(_parser.Parse("(a OR b) c"));
        Assert.IsType<OrNode>(and.Children[0]);
    }

    [Fact]
    public void A_trailing_star_makes_a_prefix_term() =>
        Assert.Equal(new TextNode("threat", false, true), _parser.Parse("threat*"));

    [Fact]
    public void From_with_a_national_number_is_normalised_like_the_data() =>
        Assert.Equal(new PartyNode(PartyRole.From, "tel:+447700900666", false), _parser.Parse("from:07700900666"));

    [Fact]
    public void From_with_a_name_is_kept_as_a_name() =>
        Assert.Equal(new PartyNode(PartyRole.From, "Jordan", false), _parser.Parse("from:Jordan"));

    [Fact]
    public void To_accepts_a_quoted_value() =>
        Assert.Equal(new PartyNode(PartyRole.To, "Jane Doe", false), _parser.Parse("to:\"Jane Doe\""));

    [Fact]
    public void Channel_is_lower_cased() => Assert.Equal(new ChannelNode("sms"), _parser.Parse("channel:SMS"));

    [Fact]
    public void Dates_are_days_in_the_case_zone()
    {
        Assert.Equal(new TimeNode(false, new DateTimeOffset(2024, 6, 30, 23, 0, 0, TimeSpan.Zero)), _parser.Parse("after:2024-07-01"));
        Assert.Equal(new TimeNode(true, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), _parser.Parse("before:2024-01-01"));
    }

    [Fact]
    public void A_full_time_with_an_offset_is_taken_as_given() =>
        Assert.Equal(new TimeNode(true, new DateTimeOffset(2024, 7, 1, 10, 0, 0, TimeSpan.Zero)), _parser.Parse("before:2024-07-01T12:00+02:00"));

    [Theory]
    [InlineData("after:2024-07-01T12:00Z", "2024-07-01T12:00:00.0000000+00:00")]
    [InlineData("after:2024-07-01T12:00:30.5-05:00", "2024-07-01T17:00:30.5000000+00:00")]
    [InlineData("after:2024-07-01T12:00", "2024-07-01T11:00:00.0000000+00:00")] // a case-zone time: BST, UTC+1
    [InlineData("after:20240701", "2024-06-30T23:00:00.0000000+00:00")] // ISO 8601 basic date: the day in the case zone
    public void ISO_8601_times_are_read_with_their_offset_or_in_the_case_zone(string query, string expectedUtc) =>
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<TimeNode>(_parser.Parse(query)).Instant);

    /// <summary>
    /// Issue 16: "01/03/2024" was read by DateTime.TryParse as 3 January; is it 1 March? Any date that
    /// is not ISO-8601 is refused, and the error names the forms that are accepted.
    /// </summary>
    [Theory]
    [InlineData("after:01/03/2024")]
    [InlineData("after:03/01/2024")]
    [InlineData("before:2024/03/01")]
    [InlineData("before:1 March 2024")]
    [InlineData("before:March")]
    [InlineData("after:2024-13-01")]
    public void Dates_that_are_not_ISO_8601_are_refused_naming_the_accepted_forms(string query)
    {
        var message = Assert.Throws<QuerySyntaxException>(() => _parser.Parse(query)).Message;
        Assert.Contains("YYYY-MM-DD", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"unclosed")]
    [InlineData("(a OR b")]
    [InlineData("a OR")]
    [InlineData("after:yesterday")]
    [InlineData("from:")]
    [InlineData("*")]
    [InlineData("kind:letter")]
    [InlineData("direction:sideways")]
    [InlineData("has:geo")]
    [InlineData("word~3")]
    [InlineData("\"a b\"~x")]
    public void Malformed_queries_are_rejected_with_a_reason(string query) =>
        Assert.False(string.IsNullOrWhiteSpace(Assert.Throws<QuerySyntaxException>(() => _parser.Parse(query)).Message));

    [Fact]
    public void An_unknown_field_is_searched_as_text() =>
        Assert.Equal(new TextNode("re:hello", false, false), _parser.Parse("re:hello"));

    [Theory]
    [InlineData("after:2024/03/01")]
    [InlineData("after:01/03/2024")]
    [InlineData("before:March 1 2024")]
    [InlineData("before:1 Mar 2024")]
    [InlineData("after:2024-3-1")]
    public void Dates_that_are_not_ISO_8601_are_rejected(string query) =>
        Assert.Contains("ISO-8601", Assert.Throws<QuerySyntaxException>(() => _parser.Parse(query)).Message, StringComparison.Ordinal);

    [Fact]
    public void ISO_8601_basic_dates_and_local_times_are_taken_in_the_case_zone()
    {
        // Europe/London is UTC+1 on 1 July 2024 (BST): local midnight and noon are 23:00 and 11:00 UTC.
        Assert.Equal(new TimeNode(false, new DateTimeOffset(2024, 6, 30, 23, 0, 0, TimeSpan.Zero)), _parser.Parse("after:20240701"));
        Assert.Equal(new TimeNode(false, new DateTimeOffset(2024, 7, 1, 11, 0, 0, TimeSpan.Zero)), _parser.Parse("after:2024-07-01T12:00"));
        Assert.Equal(new TimeNode(false, new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.Zero)), _parser.Parse("after:2024-07-01T12:00:00Z"));
    }

    [Fact]
    public void A_tilde_makes_a_word_fuzzy_with_automatic_or_given_edits()
    {
        Assert.Equal(new TextNode("regret", false, false, FuzzyEdits: TextNode.AutoEdits), _parser.Parse("regret~"));
        Assert.Equal(new TextNode("regret", false, false, FuzzyEdits: 1), _parser.Parse("regret~1"));
    }

    [Fact]
    public void A_number_after_a_phrase_is_its_proximity() =>
        Assert.Equal(new TextNode("outside house", true, false, Slop: 5), _parser.Parse("\"outside house\"~5"));

    [Fact]
    public void Kind_direction_and_attachment_fields_are_parsed()
    {
        var and = Assert.IsType<AndNode>(_parser.Parse("kind:Call direction:outgoing has:attachment"));
        Assert.Equal([new KindNode(Model.EventKind.Call), new DirectionNode(Model.Direction.Outgoing), new HasAttachmentNode()], and.Children);
    }
}
