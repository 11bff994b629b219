using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsAppIos;

/// <summary>
/// WhatsApp for iOS CallHistory.sqlite from the same real iOS 15 phone (iLEAPP test data). Oracle,
/// Python sqlite3: <c>SELECT c.Z_PK, c.ZDATE, round(c.ZDURATION), c.ZOUTCOME,
/// c.ZGROUPCALLCREATORUSERJIDSTRING, p.ZJIDSTRING, a.ZINCOMING, a.ZVIDEO FROM ZWACDCALLEVENT c JOIN
/// ZWACDCALLEVENTPARTICIPANT p ON p.Z1PARTICIPANTS = c.Z_PK JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK =
/// c.Z1CALLEVENTS</c>, times as <c>datetime(2001,1,1,tzinfo=utc) + timedelta(milliseconds=round(ZDATE*1000))</c>:
/// 1: 16:12:10.067, 95 s, creator = owner, participant 19198887386, incoming 0, video 0;
/// 2: 16:15:06.432, 101 s, creator = participant, incoming 1, video 0;
/// 3: 16:20:45.432, 105 s, creator = owner, incoming 0, video 1;
/// 4: 16:24:21.639, 104 s, creator = participant, incoming 1, video 1 (all 2023-05-02, ZOUTCOME 0).
/// </summary>
public sealed class WaCallHistoryDbReaderTests
{
    private const string Owner = "tel:+19195794674";
    private const string DfirTwo = "tel:+19198887386";

    private static Task<PhoneDbTestFiles.Read> ReadAsync() =>
        PhoneDbTestFiles.ReadAsync(RepoPaths.Fixture("whatsapp_ios_db", "CallHistory.sqlite"), PhoneDbTestFiles.Settings("US", Owner));

    [Fact]
    public async Task Four_answered_calls_are_read_with_their_direction_duration_and_time()
    {
        var read = await ReadAsync();

        Assert.Equal(PhoneDbFormats.WhatsAppIosCallHistory, read.Format);
        Assert.Equal(4, read.Events.Count);
        Assert.All(read.Events, e => Assert.Equal((EventKind.Call, Channels.WhatsApp, CallStatus.Answered), (e.Kind, e.Channel, e.CallStatus)));
        Assert.Equal(
            [
                (Direction.Outgoing, Owner, DfirTwo, 95, "2023-05-02T16:12:10.067Z", "voice call"),
                (Direction.Incoming, DfirTwo, Owner, 101, "2023-05-02T16:15:06.432Z", "voice call"),
                (Direction.Outgoing, Owner, DfirTwo, 105, "2023-05-02T16:20:45.432Z", "video call"),
                (Direction.Incoming, DfirTwo, Owner, 104, "2023-05-02T16:24:21.639Z", "video call"),
            ],
            read.Events.Select(e => (e.Direction, e.From, Assert.Single(e.To), e.DurationSeconds!.Value, e.Time.Utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), e.Subject)));
        Assert.Equal(["ZWACDCALLEVENT.Z_PK=1", "ZWACDCALLEVENT.Z_PK=2", "ZWACDCALLEVENT.Z_PK=3", "ZWACDCALLEVENT.Z_PK=4"], read.Events.Select(e => e.Source.Locator));
        Assert.Empty(read.Context.Diagnostics);
    }

    [Fact]
    public async Task Without_an_owner_the_owner_side_is_left_out()
    {
        var read = await PhoneDbTestFiles.ReadAsync(RepoPaths.Fixture("whatsapp_ios_db", "CallHistory.sqlite"), PhoneDbTestFiles.Settings("US"));

        var incoming = read.Events.At("ZWACDCALLEVENT.Z_PK=2");
        Assert.Equal(DfirTwo, incoming.From);
        Assert.Empty(incoming.To);
        Assert.Null(read.Events.At("ZWACDCALLEVENT.Z_PK=1").From);
    }
}
