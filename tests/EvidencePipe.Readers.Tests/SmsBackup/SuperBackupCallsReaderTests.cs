using EvidencePipe.Model;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.SmsBackup;

/// <summary>
/// Super Backup <c>&lt;alllogs&gt;</c> call logs, in the layout Memacs' phonecalls_superbackup module
/// documents (<c>&lt;log number time date type name new dur/&gt;</c>). No real sample was available, so
/// fixtures/sms_backup/synthetic/superbackup_calls.xml is hand-written in that layout; expected UTC
/// times are its <c>date</c> values converted with Python's
/// <c>datetime.fromtimestamp(ms / 1000, timezone.utc)</c>.
/// </summary>
public sealed class SuperBackupCallsReaderTests
{
    private const string Owner = "tel:+447700900999";
    private readonly SuperBackupCallsReader _reader = new();

    private static string Fixture => RepoPaths.Fixture("sms_backup", "synthetic", "superbackup_calls.xml");

    [Fact]
    public async Task Each_log_element_is_a_call_with_direction_duration_name_and_time()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, Fixture, SbrTestFiles.WithOwner(Owner));

        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Equal((EventKind.Call, Channels.Call, SmsBackupFormats.SuperBackupCalls), (e.Kind, e.Channel, e.Source.Format)));

        var incoming = events.At("log[1] line 3");
        Assert.Equal((Direction.Incoming, "tel:+447700900666", CallStatus.Answered, 264), (incoming.Direction, incoming.From, incoming.CallStatus, incoming.DurationSeconds!.Value));
        Assert.Equal([Owner], incoming.To);
        Assert.Equal(DateTimeOffset.Parse("2024-03-01T22:15:09Z", System.Globalization.CultureInfo.InvariantCulture), incoming.Time.Utc); // date 1709331309000
        Assert.Equal("Jordan", incoming.Names["tel:+447700900666"]);

        var outgoing = events.At("log[2] line 4");
        Assert.Equal((Direction.Outgoing, Owner, CallStatus.None), (outgoing.Direction, outgoing.From, outgoing.CallStatus));
        Assert.Equal(["tel:+447700900111"], outgoing.To);
        Assert.Empty(outgoing.Names); // name=""

        Assert.Equal(CallStatus.Missed, events.At("log[3] line 5").CallStatus); // type 3
        Assert.Equal(DateTimeOffset.Parse("2024-03-02T23:59:59Z", System.Globalization.CultureInfo.InvariantCulture), events.At("log[3] line 5").Time.Utc);
        Assert.Equal("tel:private", events.At("log[4] line 6").From); // number -2: Android's withheld placeholder
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public void The_sniffer_takes_alllogs_and_not_the_other_call_logs()
    {
        var sniffer = new SuperBackupCallsSniffer();

        Assert.True(sniffer.Matches(ReaderHarness.Head(Fixture)));
        Assert.False(sniffer.Matches(ReaderHarness.Head(SbrTestFiles.Fixture("shruggietech_minimal_calls.xml"))));
        Assert.False(new SmsBackupCallsSniffer().Matches(ReaderHarness.Head(Fixture)));
        Assert.Equal(SmsBackupFormats.SuperBackupCalls, ReaderCatalog.CreateRegistry().Identify(ReaderHarness.Head(Fixture))!.Format);
    }
}
