using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tango;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Tango;

/// <summary>
/// Tango for Android tc.db: plaso's real test file (test_data/tango_android_tc.db). Oracle: a Python
/// script of its own (sqlite3 + base64 + a protobuf varint walker written from protobuf.dev
/// "Encoding") run by the test, and plaso's published expectations
/// (tests/parsers/sqlite_plugins/android_tango.py: 25 event data = 7 conversations + 18 messages;
/// message 16777224 has direction 2 and creation time 2016-01-15T14:41:33.027Z).
/// </summary>
public sealed class TcDbReaderTests : IDisposable
{
    private const string Oracle = """
        import sqlite3, sys, json, base64
        def varint(b, i):
            r = s = 0
            while True:
                x = b[i]; i += 1; r |= (x & 0x7f) << s; s += 7
                if x < 0x80: return r, i
        def fields(b):
            i, out = 0, []
            while i < len(b):
                k, i = varint(b, i); f, wt = k >> 3, k & 7
                if wt == 0: v, i = varint(b, i)
                elif wt == 2: n, i = varint(b, i); v = b[i:i+n]; i += n
                elif wt == 1: v = b[i:i+8]; i += 8
                elif wt == 5: v = b[i:i+4]; i += 4
                out.append((f, v))
            return out
        def first(fs, n):
            return next((v for f, v in fs if f == n), None)
        c = sqlite3.connect('file:' + sys.argv[1] + '?immutable=1', uri=True)
        peers = {}
        for conv, payload in c.execute('select conv_id, payload from conversations'):
            peers[conv] = ['handle:tango:' + first(fields(p), 3).decode() for f, p in fields(base64.b64decode(payload)) if f == 2]
        out = []
        for msg, conv, direction, created, payload in c.execute('select msg_id, conv_id, direction, create_time, payload from messages'):
            fs = fields(base64.b64decode(payload))
            text = (first(fs, 4) or first(fs, 76) or b'').decode() or None
            sender = first(fs, 21)
            d = {1: 'Outgoing', 2: 'Incoming'}[direction]
            frm = 'handle:tango:' + first(fields(sender), 3).decode() if sender else None
            out.append({'locator': 'messages.msg_id=%d' % msg, 'direction': d, 'ms': created, 'text': text, 'thread': conv,
                        'from': frm if d == 'Incoming' else None, 'to': [] if d == 'Incoming' else peers[conv],
                        'media': first(fs, 7) is not None or first(fs, 5) is not None})
        print(json.dumps(out))
        """;

    private static readonly string Fixture = RepoPaths.Fixture("tango_db", "tango_android_tc.db");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_message_has_the_oracles_direction_time_parties_and_decoded_text()
    {
        var expected = PythonSqliteOracle.Rows(Oracle, Fixture);
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);

        Assert.Equal(PhoneDbFormats.TangoTc, read.Format);
        Assert.Equal(18, expected.Count);
        Assert.Equal(expected.Count, read.Events.Count);
        foreach (var row in expected)
        {
            var e = read.Events.At(row.Str("locator")!);
            Assert.Equal((row.Str("direction"), row.Long("ms")!.Value, row.Str("text"), row.Str("thread"), row.Str("from"), string.Join(" ", row.List("to"))),
                (e.Direction.ToString(), e.Time.Utc.ToUnixTimeMilliseconds(), e.Text, e.ThreadId, e.From, string.Join(" ", e.To)));
            Assert.Equal(row["media"].GetBoolean(), e.Attachments.Count == 1);
            Assert.Equal((EventKind.Message, TcDbReader.Channel), (e.Kind, e.Channel));
        }

        // Notes only: media outside the database and del_status 2 on the five friend requests; nothing skipped or recovered.
        Assert.Equal(0, read.Context.Skipped + read.Context.Recovered);
        Assert.Equal(6, expected.Count(r => r["media"].GetBoolean()));
        Assert.Equal(6, read.Context.Diagnostics.Count(d => d.Reason.Contains("listed, not hashed", StringComparison.Ordinal)));
        Assert.Equal(5, read.Context.Diagnostics.Count(d => d.Reason.StartsWith("del_status 2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Plasos_published_message_and_the_conversation_peers_read_as_expected()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture, PhoneDbTestFiles.Settings(owner: "handle:tango:sMawZoHh9XG5SwDP28ObAQ"));

        var picture = read.Events.At("messages.msg_id=16777224");
        Assert.Equal((Direction.Incoming, PhoneDbTestFiles.Utc("2016-01-15T14:41:33.027Z")), (picture.Direction, picture.Time.Utc));
        Assert.Equal("handle:tango:sw9dX9KKt9JIhOxd2Kkv9Q", picture.From);
        Assert.Equal("Tango Member", picture.Names[picture.From!]); // payload field 21: first name "Tango", last name "Member"
        Assert.Equal(["handle:tango:sMawZoHh9XG5SwDP28ObAQ"], picture.To);
        Assert.Equal(new Attachment("88693890412e8f7d92b00b246af76424", null, 0, null), Assert.Single(picture.Attachments));

        var sent = read.Events.At("messages.msg_id=16777225");
        Assert.Equal((Direction.Outgoing, "handle:tango:sMawZoHh9XG5SwDP28ObAQ", "Wow  big belly"), (sent.Direction, sent.From, sent.Text));
        Assert.Equal(["handle:tango:sw9dX9KKt9JIhOxd2Kkv9Q"], sent.To);
        Assert.Equal("Hank liked the message.", read.Events.At("messages.msg_id=16777232").Text); // a "like": payload field 76
    }

    [Fact]
    public async Task A_payload_that_is_not_base64_keeps_the_message_without_text_and_says_why()
    {
        var path = Mutated("UPDATE messages SET payload = '%%% not base64 %%%' WHERE msg_id = 16777223; UPDATE messages SET payload = NULL WHERE msg_id = 16777225;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(18, read.Events.Count);
        Assert.Null(read.Events.At("messages.msg_id=16777223").Text);
        Assert.Null(read.Events.At("messages.msg_id=16777225").Text);
        var recovered = read.Context.Of(DiagnosticSeverity.Recovered).Select(d => d.Locator).Order(StringComparer.Ordinal);
        Assert.Equal(["messages.msg_id=16777223", "messages.msg_id=16777225"], recovered);
    }

    [Fact]
    public async Task Base64_of_bytes_that_are_not_protobuf_is_recovered_not_fatal()
    {
        // base64 of 0x0A 0xFF 0xFF: field 1, length-delimited, a length varint that runs past the end.
        var path = Mutated("UPDATE messages SET payload = 'Cv//' WHERE msg_id = 16777223;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(18, read.Events.Count);
        var recovered = Assert.Single(read.Context.Of(DiagnosticSeverity.Recovered));
        Assert.Equal("messages.msg_id=16777223", recovered.Locator);
        Assert.Contains("protobuf", recovered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_create_time_falls_back_to_send_time_and_a_huge_one_with_no_send_time_is_skipped()
    {
        var path = Mutated("UPDATE messages SET create_time = 'soon' WHERE msg_id = 16777223; UPDATE messages SET create_time = 9223372036854775807, send_time = NULL WHERE msg_id = 16777225;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(17, read.Events.Count);
        Assert.Equal(1452868881700, read.Events.At("messages.msg_id=16777223").Time.Utc.ToUnixTimeMilliseconds()); // its send_time
        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("messages.msg_id=16777225", skipped.Locator);
        Assert.Contains("9223372036854775807", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_conversations_table_leaves_the_file_to_the_other_readers()
    {
        var path = Mutated("DROP TABLE conversations;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(PhoneDbFormats.Sqlite, read.Format);
        Assert.True(read.Context.IsUnsupported);
        Assert.Empty(read.Events);
    }

    [Fact]
    public async Task Undecodable_conversation_payloads_fall_back_to_the_conversation_id_as_the_peer()
    {
        var path = Mutated("UPDATE conversations SET payload = 'Cv//';");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(18, read.Events.Count);
        Assert.Equal(["handle:tango:sw9dX9KKt9JIhOxd2Kkv9Q"], read.Events.At("messages.msg_id=16777225").To);
        Assert.Equal(7, read.Context.Of(DiagnosticSeverity.Recovered).Count(d => d.Locator.StartsWith("conversations.conv_id=", StringComparison.Ordinal)));
    }

    private string Mutated(string sql) => MutatedCopy.Of(_temp, Fixture, sql);
}
