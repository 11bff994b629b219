using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Ios;

/// <summary>
/// iOS sms.db / macOS chat.db. Real: plaso's imessage_chat.db (10 messages, Apple-epoch seconds;
/// values read with the sqlite3 shell: datetime(date + 978307200, 'unixepoch')). Synthetic: a recent
/// sms.db with NULL text, typedstream attributedBody, nanosecond dates and a group chat.
/// </summary>
public sealed class IosSmsDbReaderTests
{
    private const string Eireanne = "tel:+447775455555"; // handle.id "447775455555" (GB)
    private const string Jordan = "tel:+447700900111";
    private const string Sam = "tel:+447700900222";
    private const string JordanMail = "email:jordan@example.net";

    [Fact]
    public async Task Plaso_imessage_chat_reads_ten_messages_five_each_way()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("imessage_chat.db"));

        Assert.Equal(PhoneDbFormats.IosSms, read.Format);
        Assert.Equal(10, read.Events.Count);
        Assert.Equal(5, read.Events.Count(e => e.Direction == Direction.Outgoing));
        Assert.All(read.Events, e => Assert.Equal((EventKind.Message, Channels.IMessage), (e.Kind, e.Channel)));
        Assert.Empty(read.Context.Diagnostics);
    }

    [Fact]
    public async Task Plaso_imessage_chat_messages_have_their_party_thread_time_and_text()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("imessage_chat.db"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        var first = read.Events.At("message.ROWID=1");
        Assert.Equal(Direction.Incoming, first.Direction);
        Assert.Equal(Eireanne, first.From);
        Assert.Equal([PhoneDbTestFiles.Owner], first.To);
        Assert.Equal("+447775446518", first.ThreadId); // chat.chat_identifier of chat 1
        Assert.Equal(PhoneDbTestFiles.Utc("2015-11-22T18:09:46Z"), first.Time.Utc);
        Assert.StartsWith("Hey Kenneth, it's Eireanne! I was wondering", first.Text, StringComparison.Ordinal);

        var reply = read.Events.At("message.ROWID=2");
        Assert.Equal((Direction.Outgoing, PhoneDbTestFiles.Owner), (reply.Direction, reply.From));
        Assert.Equal([Eireanne], reply.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2015-11-22T23:01:12Z"), reply.Time.Utc);

        var mail = read.Events.At("message.ROWID=8");
        Assert.Equal("email:xxxxxx2015@icloud.com", mail.From);
        Assert.Equal(PhoneDbTestFiles.Utc("2015-11-30T10:48:40Z"), mail.Time.Utc);
        Assert.Equal("Did you try to send me a message?", mail.Text);

        Assert.Equal("Hi Eireanne, I've left a USB stick up at my Mum's with Open Office on it.", read.Events.At("message.ROWID=10").Text);
    }

    [Fact]
    public async Task Recent_sms_db_text_is_recovered_from_attributed_body_and_nanosecond_dates_are_read()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/sms_recent.db"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        Assert.Equal(6, read.Events.Count);
        var first = read.Events.At("message.ROWID=1");
        Assert.Equal("Why are you ignoring me?", first.Text);
        Assert.Equal(PhoneDbTestFiles.Utc("2023-11-14T22:13:20Z"), first.Time.Utc); // (1700000000 - 978307200) * 10^9 ns
        Assert.Equal((Jordan, Direction.Incoming), (first.From, first.Direction));
        Assert.Equal([PhoneDbTestFiles.Owner], first.To);
        Assert.Equal(new Attachment("IMG_0042.HEIC", "image/heic", 1234567, null), Assert.Single(first.Attachments));
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "message.ROWID=1" && d.Reason.Contains("outside the database", StringComparison.Ordinal));

        var reply = read.Events.At("message.ROWID=2");
        Assert.Equal("Please leave me alone \U0001F64F", reply.Text);
        Assert.Equal((PhoneDbTestFiles.Owner, Direction.Outgoing), (reply.From, reply.Direction));
        Assert.Equal([Jordan], reply.To);

        // 186 UTF-8 bytes: the typedstream length is 0x81 + uint16
        Assert.Equal(string.Concat(Enumerable.Repeat("I know where you parked today. ", 6)), read.Events.At("message.ROWID=3").Text);
    }

    [Fact]
    public async Task Group_chat_messages_go_to_every_other_participant()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/sms_recent.db"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        var incoming = read.Events.At("message.ROWID=3");
        Assert.Equal(Sam, incoming.From);
        Assert.Equal([Jordan, JordanMail, PhoneDbTestFiles.Owner], incoming.To);
        Assert.Equal("chat123456789", incoming.ThreadId);

        var outgoing = read.Events.At("message.ROWID=4");
        Assert.Equal(PhoneDbTestFiles.Owner, outgoing.From);
        Assert.Equal([Jordan, Sam, JordanMail], outgoing.To);
        Assert.Equal("Not in this group", outgoing.Text);
    }

    [Fact]
    public async Task Sms_service_gives_the_sms_channel()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/sms_recent.db"));

        var sms = read.Events.At("message.ROWID=5");
        Assert.Equal((Channels.Sms, "plain SMS text", Jordan), (sms.Channel, sms.Text, sms.From));
        Assert.Equal(Channels.IMessage, read.Events.At("message.ROWID=1").Channel);
    }

    [Fact]
    public async Task Undecodable_attributed_body_keeps_the_message_without_text_and_a_zero_date_is_skipped()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/sms_recent.db"));

        Assert.Null(read.Events.At("message.ROWID=6").Text);
        var recovered = Assert.Single(read.Context.Of(DiagnosticSeverity.Recovered));
        Assert.Equal("message.ROWID=6", recovered.Locator);
        Assert.Contains("attributedBody", recovered.Reason, StringComparison.Ordinal);
        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("message.ROWID=7", skipped.Locator);
    }
}
