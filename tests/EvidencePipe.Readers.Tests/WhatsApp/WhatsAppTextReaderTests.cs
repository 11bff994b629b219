using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>
/// Golden tests on the five chat-miner fixtures (same chat, five date/time layouts). Expected values
/// come from reading the raw files and from chat-miner's own expected parse, target.json.
/// </summary>
public sealed class WhatsAppTextReaderTests
{
    public static TheoryData<string> ChatMinerFiles => new()
    {
        "test_ddmmyy_24hrs.txt",
        "test_mmddyy_24hrs.txt",
        "test_[mmddyy]_24hrs.txt",
        "test_mmddyyyy_12hrs.txt",
        "test_yyyymmdd_24hrs.txt",
    };

    // The senders of the chat-miner chat, as identifiers, ordinally sorted.
    private static readonly string[] ChatMinerParticipants =
        ["name:Jahn Doe", "name:John Doe", "name:John Doe 🤓", "name:John-John Doe", "name:🤓"];

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task Every_chat_miner_layout_yields_nine_messages_starting_on_their_header_lines(string file)
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));

        // 11 physical lines: headers on 1,2,3,5..10; lines 4 and 11 continue the message above them.
        Assert.Equal(["line 1", "line 2", "line 3", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10"], events.Select(e => e.Source.Locator));
        Assert.All(events, e =>
        {
            Assert.Equal(EventKind.Message, e.Kind);
            Assert.Equal(Channels.WhatsApp, e.Channel);
            Assert.Equal(WhatsAppTextReader.FormatName, e.Source.Format);
        });
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task Every_message_in_chat_miner_target_json_is_read_with_its_author_local_time_and_text(string file)
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));
        using var target = JsonDocument.Parse(await File.ReadAllTextAsync(WhatsAppTestFiles.Fixture("target.json")));

        var expected = target.RootElement.EnumerateArray().Select(m => (
            Local: DateTime.Parse(m.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Author: m.GetProperty("author").GetString()!,
            Message: m.GetProperty("message").GetString()!)).ToList();
        Assert.Equal(6, expected.Count);

        // chat-miner leaves out author-less lines; it joins continuation lines with a space where we keep "\n".
        var authored = events.Where(e => e.From is not null)
            .Select(e => (Local: e.Time.Local.DateTime, Author: e.Names[e.From!], Message: e.Text!.Replace('\n', ' ')))
            .OrderByDescending(e => e.Local)
            .ToList();
        Assert.Equal(expected, authored);
    }

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task Naive_times_become_utc_instants_in_the_london_case_zone(string file)
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));

        // January/December are GMT (UTC+0); June is BST (UTC+1).
        Assert.Equal(WhatsAppTestFiles.Utc("2019-01-01T11:25:00Z"), events.At(1).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2019-01-30T20:49:00Z"), events.At(3).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2020-06-10T14:55:00Z"), events.At(5).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2020-06-19T23:08:00Z"), events.At(6).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-12-20T12:10:00Z"), events.At(9).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-12-30T22:01:00Z"), events.At(10).Time.Utc);
        Assert.All(events, e =>
        {
            Assert.Equal(TimeBasis.NaiveLocal, e.Time.Basis);
            Assert.Equal("Europe/London", e.Time.Zone);
        });
    }

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task System_lines_have_no_sender_and_keep_their_text(string file)
    {
        var (events, context) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));

        Assert.Null(events.At(6).From);
        Assert.Equal("+12 345 578 created group \"Groupname\"", events.At(6).Text);
        Assert.Empty(events.At(6).To);
        Assert.Null(events.At(7).From);
        Assert.Equal("You were added", events.At(7).Text);

        // "John Doe:." has no ": " separator: kept unattributed, with a note naming the participant.
        Assert.Null(events.At(2).From);
        Assert.Equal("John Doe:.", events.At(2).Text);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 2" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("John Doe", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task A_group_of_five_senders_addresses_every_message_to_the_other_four(string file)
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));

        var first = events.At(1);
        Assert.Equal("name:John Doe", first.From);
        Assert.Equal(ChatMinerParticipants.Where(p => p != "name:John Doe"), first.To);
        Assert.Equal("John Doe", first.Names["name:John Doe"]);
        Assert.Equal("name:🤓", events.At(9).From);
        Assert.Equal("Lorem ipsum 🤓", events.At(9).Text);
        Assert.Equal("name:John Doe 🤓", events.At(8).From);

        // No file-name partner: the thread is named by its sorted participants.
        Assert.All(events, e => Assert.Equal("whatsapp:" + string.Join(",", ChatMinerParticipants), e.ThreadId));
    }

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task Multi_line_messages_join_their_lines_with_newlines(string file)
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));

        Assert.Equal("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.", events.At(3).Text);
        Assert.Equal("name:Jahn Doe", events.At(3).From);
        Assert.Equal("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.", events.At(10).Text);
        Assert.Equal("Lorem ipsum : dolor sit amet.", events.At(5).Text);
        Assert.Equal("name:John-John Doe", events.At(5).From);
    }

    [Theory]
    [MemberData(nameof(ChatMinerFiles))]
    public async Task Each_file_proves_its_own_date_order_so_no_undecidable_note_is_made(string file)
    {
        var (_, context) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture(file));

        Assert.DoesNotContain(context.Diagnostics, d => d.Reason.Contains("undecidable", StringComparison.Ordinal));
        Assert.DoesNotContain(context.Diagnostics, d => d.Severity != DiagnosticSeverity.Note);
        Assert.Equal(0, context.Skipped);
        Assert.Equal(0, context.Recovered);
    }

    [Fact]
    public async Task Given_no_owner_when_reading_then_every_direction_is_unknown()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture("test_ddmmyy_24hrs.txt"));

        Assert.All(events, e => Assert.Equal(Direction.Unknown, e.Direction));
    }

    [Fact]
    public async Task Given_the_owner_is_a_sender_when_reading_then_theirs_are_outgoing_and_others_incoming()
    {
        var settings = WhatsAppTestFiles.WithOwner("name:John Doe");
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture("test_ddmmyy_24hrs.txt"), settings);

        Assert.Equal(Direction.Outgoing, events.At(1).Direction);
        Assert.Equal(Direction.Outgoing, events.At(10).Direction);
        Assert.Equal(Direction.Incoming, events.At(3).Direction);
        Assert.Equal(Direction.Incoming, events.At(9).Direction);
        Assert.Equal(Direction.Unknown, events.At(7).Direction); // system line
    }

    [Fact]
    public async Task The_spanish_twelve_hour_file_reads_a_m_and_p_m_markers()
    {
        var (events, _) = await WhatsAppTestFiles.ReadAsync(WhatsAppTestFiles.Fixture("test_mmddyyyy_12hrs.txt"));

        // "01/30/2019, 08:49 p. m." is 20:49; "12/20/2021, 12:10 p. m." is noon; "00:08 a. m." is just after midnight.
        Assert.Equal(new DateTime(2019, 1, 30, 20, 49, 0), events.At(3).Time.Local.DateTime);
        Assert.Equal(new DateTime(2020, 6, 10, 15, 55, 0), events.At(5).Time.Local.DateTime);
        Assert.Equal(new DateTime(2020, 6, 20, 0, 8, 0), events.At(6).Time.Local.DateTime);
        Assert.Equal(new DateTime(2021, 12, 20, 12, 10, 0), events.At(9).Time.Local.DateTime);
        Assert.Equal(new DateTime(2021, 12, 30, 22, 1, 0), events.At(10).Time.Local.DateTime);
        Assert.Equal(WhatsAppTestFiles.Utc("2021-12-30T22:01:00Z"), events.At(10).Time.Utc);
    }

    [Fact]
    public async Task Reading_the_same_file_twice_gives_the_same_ids_and_locators()
    {
        var path = WhatsAppTestFiles.Fixture("WhatsApp Chat mit Jane Doe.txt");
        var (first, _) = await WhatsAppTestFiles.ReadAsync(path);
        var (second, _) = await WhatsAppTestFiles.ReadAsync(path);

        Assert.Equal(first.Select(e => (e.Id, e.Source.Locator)), second.Select(e => (e.Id, e.Source.Locator)));
    }
}
