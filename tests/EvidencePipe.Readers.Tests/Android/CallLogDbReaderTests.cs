using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Android;

/// <summary>Android calllog.db: every CallLog.Calls type, a withheld caller and a damaged date (synthetic).</summary>
public sealed class CallLogDbReaderTests
{
    private const string Jordan = "tel:+447700900111";

    [Fact]
    public async Task Every_android_call_type_maps_to_a_direction_and_status()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("synthetic/calllog.db"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        Assert.Equal(PhoneDbFormats.AndroidCallLog, read.Format);
        Assert.Equal(8, read.Events.Count);
        var answered = read.Events.At("calls._id=1");
        Assert.Equal((EventKind.Call, Channels.Call, Direction.Incoming, CallStatus.Answered, 61), (answered.Kind, answered.Channel, answered.Direction, answered.CallStatus, answered.DurationSeconds));
        Assert.Equal(Jordan, answered.From);
        Assert.Equal([PhoneDbTestFiles.Owner], answered.To);
        Assert.Equal("Jordan", answered.Names[Jordan]);
        Assert.Equal(1700000000000, answered.Time.UnixMilliseconds);

        var outgoing = read.Events.At("calls._id=2");
        Assert.Equal((Direction.Outgoing, CallStatus.Answered, PhoneDbTestFiles.Owner), (outgoing.Direction, outgoing.CallStatus, outgoing.From));
        Assert.Equal([Jordan], outgoing.To);
        Assert.Equal((Direction.Outgoing, CallStatus.None), (read.Events.At("calls._id=3").Direction, read.Events.At("calls._id=3").CallStatus));
        Assert.Equal(CallStatus.Missed, read.Events.At("calls._id=4").CallStatus);
        Assert.Equal((Channels.Voicemail, CallStatus.Voicemail), (read.Events.At("calls._id=5").Channel, read.Events.At("calls._id=5").CallStatus));
        Assert.Equal(("tel:+447700900222", CallStatus.Rejected), (read.Events.At("calls._id=6").From, read.Events.At("calls._id=6").CallStatus));
        Assert.Equal(CallStatus.Blocked, read.Events.At("calls._id=7").CallStatus);
        Assert.Equal(("tel:private", CallStatus.Missed), (read.Events.At("calls._id=8").From, read.Events.At("calls._id=8").CallStatus));
    }

    [Fact]
    public async Task A_call_with_a_text_date_is_skipped_and_reported_while_the_rest_are_read()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("synthetic/calllog.db"));

        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("calls._id=9", skipped.Locator);
        Assert.Contains("'not a date'", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(1, read.Context.Skipped);
        Assert.DoesNotContain(read.Events, e => e.Source.Locator == "calls._id=9");
    }
}
