using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Ios;

/// <summary>iOS CallHistory.storedata (synthetic ZCALLRECORD; Core Data seconds since 2001-01-01).</summary>
public sealed class CallHistoryDbReaderTests
{
    private const string Jordan = "tel:+447700900111";

    [Fact]
    public async Task Call_records_map_to_direction_status_duration_and_core_data_time()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/CallHistory.storedata"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        Assert.Equal(PhoneDbFormats.IosCallHistory, read.Format);
        Assert.Equal(7, read.Events.Count);
        var answered = read.Events.At("ZCALLRECORD.Z_PK=1");
        Assert.Equal((EventKind.Call, Channels.Call, Direction.Incoming, CallStatus.Answered, 61), (answered.Kind, answered.Channel, answered.Direction, answered.CallStatus, answered.DurationSeconds));
        Assert.Equal(Jordan, answered.From);
        Assert.Equal([PhoneDbTestFiles.Owner], answered.To);
        Assert.Equal("Jordan", answered.Names[Jordan]);
        Assert.Equal(1700000000500, answered.Time.UnixMilliseconds); // ZDATE 721692800.5

        var outgoing = read.Events.At("ZCALLRECORD.Z_PK=2");
        Assert.Equal((Direction.Outgoing, CallStatus.Answered, PhoneDbTestFiles.Owner), (outgoing.Direction, outgoing.CallStatus, outgoing.From));
        Assert.Equal([Jordan], outgoing.To);

        Assert.Equal((Direction.Incoming, CallStatus.Missed), (read.Events.At("ZCALLRECORD.Z_PK=3").Direction, read.Events.At("ZCALLRECORD.Z_PK=3").CallStatus));
        var faceTime = read.Events.At("ZCALLRECORD.Z_PK=4");
        Assert.Equal((Direction.Outgoing, CallStatus.None), (faceTime.Direction, faceTime.CallStatus));
        Assert.Equal(["email:jordan@example.net"], faceTime.To);
        Assert.Equal(Channels.WhatsApp, read.Events.At("ZCALLRECORD.Z_PK=5").Channel);
    }

    [Fact]
    public async Task Withheld_callers_and_blob_addresses_are_handled()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Ios("synthetic/CallHistory.storedata"));

        Assert.Equal("tel:unknown", read.Events.At("ZCALLRECORD.Z_PK=6").From);
        Assert.Equal("ZCALLRECORD.Z_PK=6", Assert.Single(read.Context.Of(DiagnosticSeverity.Recovered)).Locator);
        var blob = read.Events.At("ZCALLRECORD.Z_PK=7");
        Assert.Equal(("tel:+447700900222", 5), (blob.From, blob.DurationSeconds));
    }
}
