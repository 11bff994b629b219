using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.GoogleVoice;

/// <summary>
/// Google Voice for iOS threadingStore.sqlite: the real database of Josh Hickman's iOS 17 test phone
/// (iLEAPP test data). Oracle, Python sqlite3 on the file:
/// <c>SELECT itemType, count(*) FROM ThreadItem GROUP BY 1</c> → IncomingCall 3, MissedCall 20,
/// OutgoingCall 6, SmsIn 60, SmsOut 58, Voicemail 5 (152 rows); per-row values with
/// <c>SELECT itemType, senderPhoneNumber, threadKey, messageText, timestamp, duration, (SELECT
/// group_concat(phoneNumberE164) FROM ThreadParticipant p WHERE p.threadKey = i.threadKey), (SELECT text
/// FROM Transcript t WHERE …) FROM ThreadItem i WHERE threadItemKey = ?</c>, times as
/// <c>datetime(1970,1,1,tzinfo=utc) + timedelta(milliseconds=round(timestamp*1000))</c>.
/// </summary>
public sealed class ThreadingStoreDbReaderTests
{
    private const string Owner = "tel:+19105576476";

    private static Task<PhoneDbTestFiles.Read> ReadAsync(string? owner = Owner) =>
        PhoneDbTestFiles.ReadAsync(RepoPaths.Fixture("google_voice_ios_db", "threadingStore.sqlite"), PhoneDbTestFiles.Settings("US", owner));

    [Fact]
    public async Task Every_thread_item_is_an_event_of_its_kind()
    {
        var read = await ReadAsync();

        Assert.Equal(PhoneDbFormats.GoogleVoiceThreadingStore, read.Format);
        Assert.Equal(152, read.Events.Count);
        Assert.Equal(60 + 58, read.Events.Count(e => e.Kind == EventKind.Message && e.Channel == Channels.Sms));
        Assert.Equal(58, read.Events.Count(e => e.Kind == EventKind.Message && e.Direction == Direction.Outgoing));
        Assert.Equal(3, read.Events.Count(e => e.CallStatus == CallStatus.Answered));
        Assert.Equal(20, read.Events.Count(e => e.CallStatus == CallStatus.Missed));
        Assert.Equal(6, read.Events.Count(e => e.Kind == EventKind.Call && e.Direction == Direction.Outgoing));
        Assert.Equal(5, read.Events.Count(e => e.Channel == Channels.Voicemail && e.CallStatus == CallStatus.Voicemail));
        Assert.Empty(read.Context.Diagnostics);
    }

    [Fact]
    public async Task Texts_have_their_sender_recipient_time_and_body()
    {
        var read = await ReadAsync();

        var incoming = read.Events.At("ThreadItem.threadItemKey=b687ed429cc3a9d4e5fd02a1e2ee9607cc94ec8f");
        Assert.Equal((Direction.Incoming, "tel:+19104773625", "Done-zo."), (incoming.Direction, incoming.From, incoming.Text));
        Assert.Equal([Owner], incoming.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2024-02-27T16:25:04.949Z"), incoming.Time.Utc);
        Assert.Equal("t.+19104773625", incoming.ThreadId);

        // SmsOut: senderPhoneNumber is the account's own number; the recipient is the thread's participant.
        var outgoing = read.Events.At("ThreadItem.threadItemKey=c21d305a8f4314091836d904f5f4cb08b0a30c60");
        Assert.Equal((Direction.Outgoing, Owner), (outgoing.Direction, outgoing.From));
        Assert.Equal(["tel:+19104773625"], outgoing.To);
        Assert.Equal("Now here is your super bad message. Trash it when you can.", outgoing.Text);
        Assert.Equal(PhoneDbTestFiles.Utc("2024-02-27T16:20:08.773Z"), outgoing.Time.Utc);
    }

    [Fact]
    public async Task Calls_have_their_callee_and_duration_and_voicemails_their_transcript()
    {
        var read = await ReadAsync(owner: null);

        var call = read.Events.At("ThreadItem.threadItemKey=PCIFFUR2RJNEU2VC2IVARUBQIAQIAKIAC");
        Assert.Equal((EventKind.Call, Direction.Outgoing, "tel:+19106215169", 85), (call.Kind, call.Direction, call.From, call.DurationSeconds!.Value));
        Assert.Equal(["tel:+19198887386"], call.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2021-11-21T20:13:32.063Z"), call.Time.Utc); // 1637525612.063

        var voicemail = read.Events.At("ThreadItem.threadItemKey=cdc682c0-1398-43f4-9fea-719c31710bd7_welcome_voicemail_");
        Assert.Equal(("tel:+16502651193", 18), (voicemail.From, voicemail.DurationSeconds!.Value));
        Assert.StartsWith("Welcome to Google Voice. Google Voice gives you a single phone number", voicemail.Text, StringComparison.Ordinal);
        Assert.Equal(4, read.Events.Count(e => e.Channel == Channels.Voicemail && e.Text is not null)); // 4 Transcript rows join

        Assert.Null(read.Events.At("ThreadItem.threadItemKey=PCIFEYR2YLJIFIWCPKRGRUBQIAQIAKIAC").Text); // voicemail without a transcript
        Assert.Empty(read.Events.At("ThreadItem.threadItemKey=PCIFEYR2YLJIFIWCPKRGRUBQIAQIAKIAC").To);
    }
}
