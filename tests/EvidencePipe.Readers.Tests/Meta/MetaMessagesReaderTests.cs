using EvidencePipe.Model;
using EvidencePipe.Readers.Meta;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Meta;

/// <summary>
/// Golden tests on chat-miner's Instagram file (times from python: utcfromtimestamp(timestamp_ms/1000))
/// and the hand-written Messenger/Instagram files (expected text from python's
/// s.encode('latin-1').decode('utf-8'), the repair chat-miner applies).
/// </summary>
public sealed class MetaMessagesReaderTests
{
    private static string Fixture(params string[] parts) => RepoPaths.Fixture(["meta", .. parts]);

    [Fact]
    public async Task Chat_miners_instagram_file_yields_both_messages_with_their_utc_times()
    {
        var (events, context) = await ReadAsync(new MetaMessagesReader(MetaPlatform.Messenger), Fixture("instagram_test_export.json"));

        Assert.Equal(["messages[0]", "messages[1]"], events.Select(e => e.Source.Locator));
        var john = events.At("messages[0]");
        Assert.Equal(Utc("2020-01-17T20:49:00"), john.Time.Utc);
        Assert.Equal(("name:John Doe", "Hello Jane!"), (john.From, john.Text));
        Assert.Equal(["name:Jane Doe"], john.To);
        var jane = events.At("messages[1]");
        Assert.Equal(Utc("2019-12-24T11:23:00"), jane.Time.Utc);
        Assert.Equal(("name:Jane Doe", "Hello John!"), (jane.From, jane.Text));
        Assert.Equal(TimeBasis.Epoch, jane.Time.Basis);

        // Nothing in this minimal file names the app: it stays what it was sniffed as, with a note.
        var note = Assert.Single(context.Diagnostics);
        Assert.Equal(("file", DiagnosticSeverity.Note), (note.Locator, note.Severity));
        Assert.Contains("confirm the app", note.Reason, StringComparison.Ordinal);
        Assert.All(events, e => Assert.Equal(Channels.Messenger, e.Channel));
    }

    [Fact]
    public async Task Messenger_mojibake_is_repaired_in_names_text_and_reactions()
    {
        var (events, context) = await ReadAsync(new MetaMessagesReader(MetaPlatform.Messenger), Fixture("synthetic", "messenger_message_1.json"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(4, events.Count);
        var first = events.At("messages[0]");
        Assert.Equal("name:José Stalker", first.From);
        Assert.Equal("Je sais où tu es 😂\n[reaction ❤ by José Stalker]", first.Text);
        Assert.Equal("José Stalker", first.Names["name:José Stalker"]);
        Assert.Equal(["name:Casey Owner"], first.To);
        Assert.Equal(Utc("2024-03-31T23:20:00"), first.Time.Utc);
        Assert.Equal((Channels.Messenger, "messenger-json"), (first.Channel, first.Source.Format));
        Assert.Equal("messenger:inbox/josestalker_10158", first.ThreadId);
    }

    [Fact]
    public async Task Photos_shares_and_calls_are_read()
    {
        var (events, _) = await ReadAsync(new MetaMessagesReader(MetaPlatform.Messenger), Fixture("synthetic", "messenger_message_1.json"));

        var photo = Assert.Single(events.At("messages[1]").Attachments);
        Assert.Equal(new Attachment("4471_n_1024.jpg", "image/jpeg", 0, null), photo);
        Assert.Null(events.At("messages[1]").Text);
        Assert.Equal("Please stop messaging me\n[shared] https://example.org/advice", events.At("messages[2]").Text);
        var call = events.At("messages[3]");
        Assert.Equal((EventKind.Call, 125, CallStatus.Answered), (call.Kind, call.DurationSeconds, call.CallStatus));
        Assert.Equal(Utc("2024-03-31T01:30:00"), call.Time.Utc);
    }

    [Fact]
    public async Task An_owner_in_the_case_settings_gives_directions()
    {
        var (events, _) = await ReadAsync(new MetaMessagesReader(MetaPlatform.Messenger), Fixture("synthetic", "messenger_message_1.json"), WithOwner("name:Casey Owner"));

        Assert.Equal([Direction.Incoming, Direction.Incoming, Direction.Outgoing, Direction.Incoming], events.Select(e => e.Direction));
    }

    [Fact]
    public async Task Instagram_media_paths_refine_a_file_sniffed_as_messenger_to_instagram()
    {
        var (events, context) = await ReadAsync(new MetaMessagesReader(MetaPlatform.Messenger), Fixture("synthetic", "instagram_message_1.json"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal("instagram-json", context.Source.Format);
        Assert.All(events, e => Assert.Equal((Channels.Instagram, "instagram-json"), (e.Channel, e.Source.Format)));
        Assert.Equal("Schönes Haus", events.At("messages[0]").Text);
        Assert.Equal(Utc("2024-02-01T12:01:00"), events.At("messages[0]").Time.Utc);
        Assert.Equal("1234.mp4", Assert.Single(events.At("messages[1]").Attachments).Name);
        Assert.Equal("instagram:inbox/jordanwatcher_1789", events[0].ThreadId);
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("caf\\u00e9", "caf\u00e9")]
    [InlineData("Jos\\u00c3\\u00a9", "José")]
    [InlineData("already José ❤", "already José ❤")]
    public async Task Mojibake_is_repaired_only_when_the_bytes_are_utf8(string jsonText, string expected)
    {
        using var dir = new TempDirectory();
        var json = "{\"messages\":[{\"sender_name\":\"A\",\"timestamp_ms\":1700000000000,\"content\":\"" + jsonText + "\"}]}";

        var (events, _) = await ReadTextAsync(new MetaMessagesReader(MetaPlatform.Messenger), dir, "message_1.json", json);

        Assert.Equal(expected, Assert.Single(events).Text);
    }
}
