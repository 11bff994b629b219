using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsAppIos;

/// <summary>
/// WhatsApp for iOS ChatStorage.sqlite: the real iOS 15 database of Josh Hickman's test iPhone
/// (iLEAPP test data). Every expected value was read from the file with the sqlite3 shell or Python's
/// sqlite3 (queries quoted beside each value); times with Python as
/// <c>datetime(2001,1,1,tzinfo=utc) + timedelta(milliseconds=round(ZMESSAGEDATE*1000))</c>.
/// </summary>
public sealed class ChatStorageDbReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    /// <summary>The owner: ZTOJID of the incoming group rows, and a member of every group.</summary>
    private const string Owner = "tel:+19195794674";
    private const string DfirTwo = "tel:+19198887386"; // ZWACHATSESSION.ZCONTACTJID of the one-to-one chat
    private const string Lid = "handle:whatsapp:205690463334636@lid";

    private static string Fixture => RepoPaths.Fixture("whatsapp_ios_db", "ChatStorage.sqlite");

    public void Dispose() => _temp.Dispose();

    private static Task<PhoneDbTestFiles.Read> ReadAsync() => PhoneDbTestFiles.ReadAsync(Fixture, PhoneDbTestFiles.Settings("US", Owner));

    [Fact]
    public async Task Every_row_of_ZWAMESSAGE_is_an_event_with_the_direction_of_ZISFROMME()
    {
        var read = await ReadAsync();

        // SELECT count(*), sum(ZISFROMME=1), sum(ZMESSAGETYPE IN (6,10)) FROM ZWAMESSAGE → 32|11|11
        Assert.Equal(PhoneDbFormats.WhatsAppIosChatStorage, read.Format);
        Assert.Equal(32, read.Events.Count);
        Assert.Equal(11, read.Events.Count(e => e.Direction == Direction.Outgoing));
        Assert.Equal(11, read.Events.Count(e => e.From is null));
        Assert.All(read.Events, e => Assert.Equal((EventKind.Message, Channels.WhatsApp), (e.Kind, e.Channel)));
        Assert.Empty(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.False(read.Context.IsUnsupported);
    }

    [Fact]
    public async Task One_to_one_messages_have_their_parties_text_and_core_data_time()
    {
        var read = await ReadAsync();

        // SELECT Z_PK, ZISFROMME, ZMESSAGEDATE, ZTEXT FROM ZWAMESSAGE WHERE Z_PK IN (12, 13, 29)
        var sent = read.Events.At("ZWAMESSAGE.Z_PK=12");
        Assert.Equal((Direction.Outgoing, Owner), (sent.Direction, sent.From));
        Assert.Equal([DfirTwo], sent.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2023-05-02T15:56:47.221Z"), sent.Time.Utc); // 704735807.2214981
        Assert.Equal(TimeBasis.Epoch, sent.Time.Basis);
        Assert.Equal("I\u2019m here!", sent.Text);
        Assert.Equal("19198887386@s.whatsapp.net", sent.ThreadId);

        var received = read.Events.At("ZWAMESSAGE.Z_PK=13");
        Assert.Equal((Direction.Incoming, DfirTwo), (received.Direction, received.From));
        Assert.Equal([Owner], received.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2023-05-02T15:57:30Z"), received.Time.Utc); // 704735850
        Assert.Equal("Awesome. You had some chat history, eh?", received.Text);
        Assert.Equal("This Is DFIR Two", received.Names[DfirTwo]); // ZWACHATSESSION.ZPARTNERNAME

        Assert.Equal("Done. It\u2019s gone. \U0001F600", read.Events.At("ZWAMESSAGE.Z_PK=29").Text);
    }

    [Fact]
    public async Task Images_are_attachments_named_by_their_local_path_with_their_size()
    {
        var read = await ReadAsync();

        // SELECT m.Z_PK, i.ZMEDIALOCALPATH, i.ZFILESIZE FROM ZWAMESSAGE m JOIN ZWAMEDIAITEM i ON i.Z_PK = m.ZMEDIAITEM WHERE m.ZMESSAGETYPE = 1
        var image = Assert.Single(read.Events.At("ZWAMESSAGE.Z_PK=21").Attachments);
        Assert.Equal(new Attachment("Media/19198887386@s.whatsapp.net/d/0/d041d159-fd7d-4abb-9192-0e97c10ddb00.jpg", null, 42073, null), image);
        Assert.Equal(PhoneDbTestFiles.Utc("2023-05-02T16:06:22.967Z"), read.Events.At("ZWAMESSAGE.Z_PK=21").Time.Utc);
        Assert.Equal(55290, Assert.Single(read.Events.At("ZWAMESSAGE.Z_PK=23").Attachments).Size);
        Assert.Equal(DfirTwo, read.Events.At("ZWAMESSAGE.Z_PK=23").From);

        // Z_PK 16 points at a media row with no file (a reply's quoted metadata): no attachment.
        Assert.Empty(read.Events.At("ZWAMESSAGE.Z_PK=16").Attachments);
        Assert.Equal(2, read.Events.Count(e => e.Attachments.Count > 0));
    }

    [Fact]
    public async Task Locations_become_geo_points_and_image_dimensions_do_not()
    {
        var read = await ReadAsync();

        // SELECT m.Z_PK, i.ZLATITUDE, i.ZLONGITUDE ... WHERE m.ZMESSAGETYPE = 5 (Python float repr)
        Assert.Equal(new GeoPoint(35.63850402832031, -78.87605285644531), read.Events.At("ZWAMESSAGE.Z_PK=30").Geo);
        Assert.Equal(new GeoPoint(35.634391784668, -78.8526763916016).Latitude, read.Events.At("ZWAMESSAGE.Z_PK=33").Geo!.Value.Latitude, 1e-9);
        Assert.Equal(4, read.Events.Count(e => e.Geo is not null));
        Assert.Null(read.Events.At("ZWAMESSAGE.Z_PK=21").Geo); // ZLATITUDE 452, ZLONGITUDE 603: the image's size
        Assert.Equal(PhoneDbTestFiles.Utc("2023-05-17T14:22:16.877Z"), read.Events.At("ZWAMESSAGE.Z_PK=30").Time.Utc);
    }

    [Fact]
    public async Task Group_system_rows_are_kept_without_a_sender_in_their_group_thread_and_noted()
    {
        var read = await ReadAsync();

        // Z_PK 1: ZMESSAGETYPE 10, ZCHATSESSION 2 → 120363044520422953@g.us, ZMESSAGEDATE 676082810
        var system = read.Events.At("ZWAMESSAGE.Z_PK=1");
        Assert.Null(system.From);
        Assert.Empty(system.To);
        Assert.Equal("120363044520422953@g.us", system.ThreadId);
        Assert.Equal(PhoneDbTestFiles.Utc("2022-06-05T00:46:50Z"), system.Time.Utc);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "ZWAMESSAGE.Z_PK=1" && d.Reason.Contains("system row", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_message_key_is_reported_as_a_deleted_row()
    {
        var read = await ReadAsync();

        // SELECT Z_PK FROM ZWAMESSAGE: 1..33 without 28
        var note = Assert.Single(read.Context.Diagnostics, d => d.Locator == "ZWAMESSAGE");
        Assert.Contains("1 ZWAMESSAGE key(s) missing", note.Reason, StringComparison.Ordinal);
        Assert.Contains("(28)", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_owner_outgoing_messages_have_no_sender_but_keep_their_recipient()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture, PhoneDbTestFiles.Settings("US"));

        var sent = read.Events.At("ZWAMESSAGE.Z_PK=12");
        Assert.Null(sent.From);
        Assert.Equal([DfirTwo], sent.To);
    }

    [Fact]
    public async Task Group_messages_are_sent_by_their_member_to_every_other_member()
    {
        var path = SyntheticGroup();

        var read = await PhoneDbTestFiles.ReadAsync(path, PhoneDbTestFiles.Settings("US", Owner));

        var incoming = read.Events.At("ZWAMESSAGE.Z_PK=1");
        Assert.Equal(Lid, incoming.From);
        Assert.Equal([Owner, "tel:+447700900111"], incoming.To);
        Assert.Equal("Sam", incoming.Names[Lid]);
        var outgoing = read.Events.At("ZWAMESSAGE.Z_PK=2");
        Assert.Equal(Owner, outgoing.From);
        Assert.Equal([Lid, "tel:+447700900111"], outgoing.To);
        var revoked = read.Events.At("ZWAMESSAGE.Z_PK=3");
        Assert.Null(revoked.Text);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "ZWAMESSAGE.Z_PK=3" && d.Reason.Contains("deleted for everyone", StringComparison.Ordinal));
        Assert.Contains(read.Context.Of(DiagnosticSeverity.Recovered), d => d.Locator == "ZWAMESSAGE.Z_PK=4" && d.Reason.Contains("sender unknown", StringComparison.Ordinal));
        Assert.Contains(read.Context.Of(DiagnosticSeverity.Skipped), d => d.Locator == "ZWAMESSAGE.Z_PK=5" && d.Reason.Contains("Core Data time", StringComparison.Ordinal));
        Assert.Equal(4, read.Events.Count);
    }

    /// <summary>A group chat with a @lid member, a revoked message, an unknown member and a row without a date.</summary>
    private string SyntheticGroup()
    {
        var path = _temp.Combine("ChatStorage.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, ZCONTACTJID VARCHAR, ZPARTNERNAME VARCHAR);
                CREATE TABLE ZWAGROUPMEMBER (Z_PK INTEGER PRIMARY KEY, ZCHATSESSION INTEGER, ZMEMBERJID VARCHAR, ZCONTACTNAME VARCHAR, ZFIRSTNAME VARCHAR);
                CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, ZISFROMME INTEGER, ZMESSAGETYPE INTEGER, ZCHATSESSION INTEGER, ZGROUPMEMBER INTEGER, ZMESSAGEDATE TIMESTAMP, ZFROMJID VARCHAR, ZTOJID VARCHAR, ZTEXT VARCHAR);
                INSERT INTO ZWACHATSESSION VALUES (1, '120363000000000001@g.us', 'Family');
                INSERT INTO ZWAGROUPMEMBER VALUES (1, 1, '205690463334636@lid', 'Sam', NULL), (2, 1, '19195794674@s.whatsapp.net', NULL, NULL), (3, 1, '447700900111@s.whatsapp.net', NULL, 'Jo');
                INSERT INTO ZWAMESSAGE VALUES (1, 0, 0, 1, 1, 700000000, '120363000000000001@g.us', NULL, 'hello all');
                INSERT INTO ZWAMESSAGE VALUES (2, 1, 0, 1, NULL, 700000060, NULL, '120363000000000001@g.us', 'hi');
                INSERT INTO ZWAMESSAGE VALUES (3, 0, 14, 1, 3, 700000120, '120363000000000001@g.us', NULL, NULL);
                INSERT INTO ZWAMESSAGE VALUES (4, 0, 0, 1, 99, 700000180, '120363000000000001@g.us', NULL, 'who am i');
                INSERT INTO ZWAMESSAGE VALUES (5, 0, 0, 1, 1, NULL, '120363000000000001@g.us', NULL, 'no date');
                """;
            command.ExecuteNonQuery();
        }

        return path;
    }
}
