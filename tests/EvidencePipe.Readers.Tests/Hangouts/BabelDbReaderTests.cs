using EvidencePipe.Model;
using EvidencePipe.Readers.Hangouts;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Hangouts;

/// <summary>
/// Google Hangouts babel.db: plaso's real test file (test_data/android/babel.db). Oracle: Python's
/// sqlite3 + html run by the test (<see cref="Oracle"/>), and plaso's published expectations
/// (tests/parsers/sqlite_plugins/android_hangouts.py: 14 messages, no warnings; the second in time
/// order is "How are you?" at 2017-07-17T04:41:54.326967Z, type 2 (received), sender John Macron).
/// </summary>
public sealed class BabelDbReaderTests : IDisposable
{
    /// <summary>
    /// Every message: the author's gaia id (else chat id) as the sender, the other members of its
    /// conversation as recipients, type 1 sent / 2 received, microseconds floored to milliseconds,
    /// text with Hangouts' HTML escapes undone.
    /// </summary>
    private const string Oracle = """
        import sqlite3, sys, json, html
        c = sqlite3.connect('file:' + sys.argv[1] + '?immutable=1', uri=True)
        h = lambda k: 'handle:hangouts:' + k
        rowkey = {r[0]: (r[1] or r[2]) for r in c.execute('select _id, gaia_id, chat_id from participants')}
        members = {}
        for conv, row in c.execute('select conversation_id, participant_row_id from conversation_participants order by conversation_id, rowid'):
            members.setdefault(conv, []).append(h(rowkey[row]))
        out = []
        for _id, gaia, chat, conv, typ, text, ts in c.execute('select _id, author_gaia_id, author_chat_id, conversation_id, type, text, timestamp from messages'):
            sender = h(gaia or chat)
            out.append({'locator': 'messages._id=%d' % _id, 'from': sender, 'to': [m for m in members.get(conv, []) if m != sender],
                        'direction': {1: 'Outgoing', 2: 'Incoming'}.get(typ, 'Unknown'), 'ms': ts // 1000,
                        'text': html.unescape(text) if text else None, 'thread': conv})
        print(json.dumps(out))
        """;

    private static readonly string Fixture = RepoPaths.Fixture("hangouts_db", "babel.db");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_message_has_the_oracles_sender_recipients_direction_time_and_text()
    {
        var expected = PythonSqliteOracle.Rows(Oracle, Fixture);
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);

        Assert.Equal(PhoneDbFormats.HangoutsBabel, read.Format);
        Assert.Equal(14, expected.Count);
        Assert.Equal(expected.Count, read.Events.Count);
        foreach (var row in expected)
        {
            var e = read.Events.At(row.Str("locator")!);
            Assert.Equal((row.Str("from"), string.Join(" ", row.List("to")), row.Str("direction"), row.Long("ms")!.Value, row.Str("text"), row.Str("thread")),
                (e.From, string.Join(" ", e.To), e.Direction.ToString(), e.Time.Utc.ToUnixTimeMilliseconds(), e.Text, e.ThreadId));
            Assert.Equal((EventKind.Message, HangoutsParticipants.Channel, TimeBasis.Epoch), (e.Kind, e.Channel, e.Time.Basis));
        }

        Assert.Empty(read.Context.Diagnostics);
    }

    [Fact]
    public async Task Plasos_published_second_message_is_read_as_received_from_john_macron()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);

        var second = read.Events.OrderBy(e => e.Time.Utc).ElementAt(1);
        Assert.Equal("How are you?", second.Text);
        Assert.Equal(PhoneDbTestFiles.Utc("2017-07-17T04:41:54.326Z"), second.Time.Utc); // 04:41:54.326967, floored to the millisecond
        Assert.Equal(Direction.Incoming, second.Direction);
        Assert.Equal("John Macron", second.Names[second.From!]);
        Assert.Equal("It's too late now! U promised", read.Events.At("messages._id=7").Text); // stored as It&#39;s
    }

    [Fact]
    public async Task Participants_become_contact_cards_with_their_gaia_handle_and_email()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);

        // sqlite3: select _id, gaia_id, full_name, fallback_name from participants
        //   1|112549252980293459976|Hallym Betty|bettyhallym@gmail.com   2|108778762612058411235|John Macron|John Macron
        Assert.Equal(2, read.Contacts.Count);
        var betty = Assert.Single(read.Contacts, c => c.Source.Locator == "participants._id=1");
        Assert.Equal(("Hallym Betty", "handle:hangouts:112549252980293459976 email:bettyhallym@gmail.com"), (betty.Name, string.Join(" ", betty.Identifiers)));
        var john = Assert.Single(read.Contacts, c => c.Source.Locator == "participants._id=2");
        Assert.Equal(("John Macron", "handle:hangouts:108778762612058411235"), (john.Name, string.Join(" ", john.Identifiers)));
    }

    [Fact]
    public async Task A_null_text_keeps_the_message_without_text()
    {
        var path = Mutated("UPDATE messages SET text = NULL WHERE _id = 3");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(14, read.Events.Count);
        Assert.Null(read.Events.At("messages._id=3").Text);
    }

    [Fact]
    public async Task Text_in_the_timestamp_column_and_a_huge_timestamp_skip_only_those_messages_naming_the_values()
    {
        var path = Mutated("UPDATE messages SET timestamp = 'yesterday' WHERE _id = 4; UPDATE messages SET timestamp = 9223372036854775807 WHERE _id = 5;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(12, read.Events.Count);
        var skipped = read.Context.Of(DiagnosticSeverity.Skipped).OrderBy(d => d.Locator, StringComparer.Ordinal).ToList();
        Assert.Equal(["messages._id=4", "messages._id=5"], skipped.Select(d => d.Locator));
        Assert.Contains("'yesterday'", skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("9223372036854775807", skipped[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, read.Context.Skipped);
    }

    [Fact]
    public async Task A_missing_participants_table_keeps_every_message_with_its_raw_author_and_says_so()
    {
        var path = Mutated("DROP VIEW conversation_participants_view; DROP VIEW participants_view; DROP TABLE participants;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(PhoneDbFormats.HangoutsBabel, read.Format);
        Assert.Equal(14, read.Events.Count);
        Assert.Equal("handle:hangouts:108778762612058411235", read.Events.At("messages._id=1").From);
        Assert.Empty(read.Contacts);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "participants" && d.Reason.Contains("table participants is missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_participants_table_without_names_keeps_every_message_with_its_gaia_handle()
    {
        var path = Mutated("DELETE FROM participants;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(14, read.Events.Count);
        Assert.All(read.Events, e => Assert.StartsWith("handle:hangouts:", e.From, StringComparison.Ordinal));
        Assert.All(read.Events, e => Assert.Empty(e.To));
        Assert.Equal(14, read.Context.Diagnostics.Count(d => d.Reason.Contains("lists no other participant", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Attachments_are_listed_unhashed_and_sms_rows_are_channel_sms()
    {
        var path = Mutated("""
            UPDATE messages SET local_url = 'content://com.google.android.apps.hangouts/photo/1.jpg', attachment_content_type = 'image/jpeg' WHERE _id = 3;
            INSERT INTO multipart_attachments (message_id, conversation_id, url, content_type)
              SELECT message_id, conversation_id, 'https://lh3.googleusercontent.com/x/2.png', 'image/png' FROM messages WHERE _id = 3;
            UPDATE messages SET sms_type = 1, sms_raw_sender = '+447700900123' WHERE _id = 4;
            """);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        var photo = read.Events.At("messages._id=3");
        Assert.Equal(
            [new Attachment("1.jpg", "image/jpeg", 0, null), new Attachment("2.png", "image/png", 0, null)],
            photo.Attachments);
        Assert.Equal(2, read.Context.Diagnostics.Count(d => d.Locator == "messages._id=3" && d.Reason.Contains("not hashed", StringComparison.Ordinal)));
        var sms = read.Events.At("messages._id=4");
        Assert.Equal((Channels.Sms, "handle:hangouts:108778762612058411235"), (sms.Channel, sms.From)); // the participant still names the author
        Assert.Equal(13, read.Events.Count(e => e.Channel == HangoutsParticipants.Channel));
    }

    [Fact]
    public async Task Rows_in_recent_calls_are_counted_in_a_note_not_dropped_silently()
    {
        var path = Mutated("INSERT INTO recent_calls (normalized_number, call_timestamp, call_type) VALUES ('+15551234567', 1500266348448375, 1), ('+15551234568', 1500266348448376, 2);");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(14, read.Events.Count);
        var note = Assert.Single(read.Context.Diagnostics, d => d.Locator == "recent_calls");
        Assert.Contains("recent_calls has 2 row(s)", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_attachments_blob_is_read_as_a_java_arraylist_size()
    {
        // The blob every message of the real file carries (sqlite3: select hex(attachments) from messages where _id=3):
        // a serialised empty java.util.ArrayList — size field 0.
        var empty = Convert.FromHexString("ACED0005737200136A6176612E7574696C2E41727261794C6973747881D21D99C7619D03000149000473697A6578700000000077040000000078");
        Assert.Equal(0, HangoutsAttachments.ArrayListSize(empty));
        var two = (byte[])empty.Clone();
        two[^8] = 2; // the big-endian size field after TC_ENDBLOCKDATA TC_NULL
        Assert.Equal(2, HangoutsAttachments.ArrayListSize(two));
        Assert.Null(HangoutsAttachments.ArrayListSize("not java"u8));
    }

    private string Mutated(string sql) => MutatedCopy.Of(_temp, Fixture, sql);
}
