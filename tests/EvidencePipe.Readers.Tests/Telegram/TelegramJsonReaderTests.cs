using EvidencePipe.Model;
using EvidencePipe.Readers.Telegram;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Telegram;

/// <summary>
/// Golden tests on the chat-miner Telegram fixtures (expected values from chat-miner's target.json,
/// which it computes with utcfromtimestamp(date_unixtime)) and on the hand-written account export.
/// </summary>
public sealed class TelegramJsonReaderTests
{
    private static string Fixture(params string[] parts) => RepoPaths.Fixture(["telegram", .. parts]);

    [Fact]
    public async Task A_single_chat_export_yields_both_messages_with_exact_utc_times_and_authors()
    {
        var (events, context) = await ReadAsync(new TelegramJsonReader(), Fixture("test_single_export.json"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(["messages[0]", "messages[1]"], events.Select(e => e.Source.Locator));
        var first = events.At("messages[0]");
        Assert.Equal(Utc("2018-12-05T10:39:10"), first.Time.Utc);
        Assert.Equal(TimeBasis.Epoch, first.Time.Basis);
        Assert.Equal("name:Author 1", first.From);
        Assert.Equal(["name:Author 2"], first.To);
        Assert.Equal("Author 1", first.Names["name:Author 1"]);
        Assert.Equal("Minimal Message", first.Text);
        Assert.Equal((EventKind.Message, Channels.Telegram, Direction.Unknown), (first.Kind, first.Channel, first.Direction));
        Assert.Equal("telegram-json", first.Source.Format);
    }

    [Fact]
    public async Task Entity_arrays_are_concatenated_as_the_parts_of_one_string()
    {
        // chat-miner's target.json has "Link: https://telegram.org/" because it joins parts with a
        // space; tdesktop writes consecutive substrings, so the faithful text has no inserted space.
        var (events, _) = await ReadAsync(new TelegramJsonReader(), Fixture("test_single_export.json"));

        var second = events.At("messages[1]");
        Assert.Equal("Link:https://telegram.org/", second.Text);
        Assert.Equal(Utc("2018-12-05T10:49:24"), second.Time.Utc);
        Assert.Equal("name:Author 2", second.From);
    }

    [Fact]
    public async Task A_whole_account_export_reads_the_chats_list_with_paths_as_locators()
    {
        var (events, context) = await ReadAsync(new TelegramJsonReader(), Fixture("test_batch_export.json"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(["chats.list[0].messages[0]", "chats.list[0].messages[1]"], events.Select(e => e.Source.Locator));
        Assert.Equal(["Minimal Message", "Link:https://telegram.org/"], events.Select(e => e.Text));
        Assert.Equal([Utc("2018-12-05T10:39:10"), Utc("2018-12-05T10:49:24")], events.Select(e => e.Time.Utc));
        Assert.All(events, e => Assert.Equal("telegram:Chatname", e.ThreadId));
    }

    [Fact]
    public async Task An_owner_named_in_the_case_settings_gives_directions()
    {
        var (events, _) = await ReadAsync(new TelegramJsonReader(), Fixture("test_single_export.json"), WithOwner("name:Author 2"));

        Assert.Equal([Direction.Incoming, Direction.Outgoing], events.Select(e => e.Direction));
    }

    [Fact]
    public async Task The_account_holder_from_personal_information_decides_direction_and_recipients()
    {
        var (events, context) = await ReadAsync(new TelegramJsonReader(), Fixture("synthetic", "account_export.json"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(8, events.Count);
        var threat = events.At("chats.list[0].messages[0] id=10");
        Assert.Equal(("handle:telegram:6002", Direction.Incoming), (threat.From, threat.Direction));
        Assert.Equal(["handle:telegram:5001"], threat.To);
        Assert.Equal(Utc("2024-03-31T01:30:00"), threat.Time.Utc);
        Assert.Equal("I know where you are", threat.Text);
        Assert.Equal("Jordan", threat.Names["handle:telegram:6002"]);
        Assert.Equal("Casey Owner", threat.Names["handle:telegram:5001"]);
        Assert.Equal("telegram:6002", threat.ThreadId);

        var reply = events.At("chats.list[0].messages[1] id=11");
        Assert.Equal(("handle:telegram:5001", Direction.Outgoing), (reply.From, reply.Direction));
        Assert.Equal(["handle:telegram:6002"], reply.To);
        Assert.Equal("Stop contacting me. Now see this <https://example.org/order>", reply.Text);
    }

    [Fact]
    public async Task Media_become_attachments_with_the_name_type_and_size_the_export_gives()
    {
        var (events, _) = await ReadAsync(new TelegramJsonReader(), Fixture("synthetic", "account_export.json"));

        var photo = Assert.Single(events.At("chats.list[0].messages[2] id=12").Attachments);
        Assert.Equal(new Attachment(null, null, 48213, null), photo);
        Assert.Null(events.At("chats.list[0].messages[2] id=12").Text);

        var voice = Assert.Single(events.At("chats.list[0].messages[4] id=14").Attachments);
        Assert.Equal(new Attachment("audio_1@01-04-2024_00-12-00.ogg", "audio/ogg", 10240, null), voice);

        Assert.Equal(new GeoPoint(51.501, -0.1416), events.At("chats.list[0].messages[5] id=15").Geo);
    }

    [Fact]
    public async Task A_phone_call_service_message_is_a_missed_call_from_its_actor()
    {
        var (events, _) = await ReadAsync(new TelegramJsonReader(), Fixture("synthetic", "account_export.json"));

        var call = events.At("chats.list[0].messages[3] id=13");
        Assert.Equal((EventKind.Call, CallStatus.Missed, 0), (call.Kind, call.CallStatus, call.DurationSeconds));
        Assert.Equal(("handle:telegram:6002", Direction.Incoming), (call.From, call.Direction));
        Assert.Equal(Utc("2024-03-31T23:10:00"), call.Time.Utc);
    }

    [Fact]
    public async Task Other_service_messages_are_kept_but_attributed_to_no_person()
    {
        var (events, _) = await ReadAsync(new TelegramJsonReader(), Fixture("synthetic", "account_export.json"));

        var created = events.At("chats.list[1].messages[0] id=1");
        Assert.Null(created.From);
        Assert.Empty(created.To);
        Assert.Equal(Direction.Unknown, created.Direction);
        Assert.Equal("[service] Casey Owner: create_group 'Neighbours' Casey Owner, Sam", created.Text);

        var hello = events.At("chats.list[1].messages[1] id=2");
        Assert.Equal(("handle:telegram:8004", Direction.Incoming), (hello.From, hello.Direction));
        Assert.Equal(["handle:telegram:5001"], hello.To);
        Assert.Equal("telegram:7003", hello.ThreadId);
    }

    [Fact]
    public async Task In_a_personal_chat_the_sender_who_is_not_the_partner_is_the_account_holder()
    {
        using var dir = new TempDirectory();
        const string json = """
            {"name":"Jordan","type":"personal_chat","id":6002,"messages":[
             {"id":1,"type":"message","date":"2024-05-01T10:00:00","date_unixtime":"1714554000","from":"Jordan","from_id":"user6002","text":"hi"},
             {"id":2,"type":"message","date":"2024-05-01T10:01:00","date_unixtime":"1714554060","from":"Me","from_id":"user5001","text":"go away"}]}
            """;

        var (events, _) = await ReadTextAsync(new TelegramJsonReader(), dir, "result.json", json);

        Assert.Equal([Direction.Incoming, Direction.Outgoing], events.Select(e => e.Direction));
        Assert.Equal(["handle:telegram:5001"], events[0].To);
        Assert.Equal(["handle:telegram:6002"], events[1].To);
    }

    [Fact]
    public async Task Without_date_unixtime_the_local_date_is_read_in_the_case_zone_and_gap_times_are_flagged()
    {
        using var dir = new TempDirectory();
        const string json = """{"messages":[{"id":1,"type":"message","date":"2024-03-31T01:30:00","from":"A","text":"x"}]}""";

        var (events, context) = await ReadTextAsync(new TelegramJsonReader(), dir, "result.json", json);

        var only = Assert.Single(events);
        Assert.Equal((TimeBasis.NaiveLocal, TimeAnomaly.Gap), (only.Time.Basis, only.Time.Anomaly));
        Assert.Equal(Utc("2024-03-31T01:30:00"), only.Time.Utc); // read with GMT, the offset before the jump
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Reading_twice_gives_identical_ids()
    {
        var (first, _) = await ReadAsync(new TelegramJsonReader(), Fixture("synthetic", "account_export.json"));
        var (second, _) = await ReadAsync(new TelegramJsonReader(), Fixture("synthetic", "account_export.json"));

        Assert.Equal(first.Select(e => e.Id), second.Select(e => e.Id));
        Assert.Equal(first.Count, first.Select(e => e.Id).Distinct().Count());
    }
}
