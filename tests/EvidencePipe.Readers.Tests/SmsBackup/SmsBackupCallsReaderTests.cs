using EvidencePipe.Model;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.SmsBackup;

/// <summary>
/// The real calls fixture has one record; every Android call type, withheld numbers and damaged
/// fields are covered by the hand-made fixtures/sms_backup/hostile/calls_all_types.xml.
/// </summary>
public sealed class SmsBackupCallsReaderTests
{
    private readonly SmsBackupCallsReader _reader = new();

    [Fact]
    public async Task Shruggietech_minimal_calls_reads_one_answered_incoming_call()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_minimal_calls.xml"));

        var call = Assert.Single(events);
        Assert.Empty(context.Diagnostics);
        Assert.Equal("call[1] line 3", call.Source.Locator);
        Assert.Equal(SmsBackupFormats.Calls, call.Source.Format);
        Assert.Equal(EventKind.Call, call.Kind);
        Assert.Equal(Channels.Call, call.Channel);
        Assert.Equal(Direction.Incoming, call.Direction);
        Assert.Equal(CallStatus.Answered, call.CallStatus);
        Assert.Equal(125, call.DurationSeconds);
        Assert.Equal("tel:+15551234567", call.From);
        Assert.Empty(call.To);
        Assert.Equal(new DateTimeOffset(2021, 1, 3, 0, 0, 0, TimeSpan.Zero), call.Time.Utc);
        Assert.Equal("Alice Smith", call.Names["tel:+15551234567"]);
        Assert.Null(call.Text);
    }

    [Fact]
    public async Task Given_one_owner_When_reading_calls_Then_the_owner_is_the_callee_of_incoming_calls()
    {
        const string owner = "tel:+447700900999";
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_minimal_calls.xml"), SbrTestFiles.WithOwner(owner));

        Assert.Equal([owner], Assert.Single(events).To);
    }

    [Fact]
    public async Task Every_android_call_type_maps_to_a_direction_and_status()
    {
        const string owner = "tel:+447700900999";
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("calls_all_types.xml"), SbrTestFiles.WithOwner(owner));
        const string jordan = "tel:+447700900111"; // "07700 900111" with the default GB region

        var incoming = events.At("call[1] line 4");
        Assert.Equal((Direction.Incoming, CallStatus.Answered, 61), (incoming.Direction, incoming.CallStatus, incoming.DurationSeconds));
        Assert.Equal(jordan, incoming.From);
        Assert.Equal([owner], incoming.To);
        Assert.Equal("Jordan", incoming.Names[jordan]);
        Assert.Equal(1700000000000, incoming.Ms());

        var outgoing = events.At("call[2] line 5");
        Assert.Equal((Direction.Outgoing, CallStatus.Answered, 30), (outgoing.Direction, outgoing.CallStatus, outgoing.DurationSeconds));
        Assert.Equal(owner, outgoing.From);
        Assert.Equal([jordan], outgoing.To);

        var unanswered = events.At("call[3] line 6");
        Assert.Equal((Direction.Outgoing, CallStatus.None, 0), (unanswered.Direction, unanswered.CallStatus, unanswered.DurationSeconds));

        Assert.Equal(CallStatus.Missed, events.At("call[4] line 7").CallStatus);

        var voicemail = events.At("call[5] line 8");
        Assert.Equal((Channels.Voicemail, CallStatus.Voicemail, Direction.Incoming), (voicemail.Channel, voicemail.CallStatus, voicemail.Direction));
        Assert.Equal(EventKind.Call, voicemail.Kind);

        var rejected = events.At("call[6] line 9");
        Assert.Equal((Direction.Incoming, CallStatus.Rejected), (rejected.Direction, rejected.CallStatus));
        Assert.Empty(rejected.Names); // contact_name="(Unknown)"

        var blocked = events.At("call[7] line 10");
        Assert.Equal((Direction.Incoming, CallStatus.Blocked), (blocked.Direction, blocked.CallStatus));
        Assert.Empty(blocked.Names); // contact_name="null"

        var elsewhere = events.At("call[8] line 11");
        Assert.Equal((Direction.Incoming, CallStatus.Answered, 5), (elsewhere.Direction, elsewhere.CallStatus, elsewhere.DurationSeconds));
    }

    [Fact]
    public async Task Withheld_numbers_share_the_private_pseudo_identifier()
    {
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("calls_all_types.xml"));

        Assert.Equal("tel:private", events.At("call[9] line 12").From); // presentation="2", number=""
        Assert.Equal("tel:private", events.At("call[10] line 13").From); // legacy number "-2"
        Assert.Equal(CallStatus.Missed, events.At("call[10] line 13").CallStatus);
    }

    [Fact]
    public async Task Damaged_call_fields_are_reported_and_only_the_timeless_call_is_skipped()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("calls_all_types.xml"));

        Assert.Equal(12, events.Count); // 13 <call>, the one dated "yesterday" has no time
        Assert.Equal("call[12] line 15", Assert.Single(context.Of(DiagnosticSeverity.Skipped)).Locator);
        Assert.Contains("yesterday", Assert.Single(context.Of(DiagnosticSeverity.Skipped)).Reason, StringComparison.Ordinal);

        var oddType = events.At("call[11] line 14");
        Assert.Equal((Direction.Unknown, CallStatus.None), (oddType.Direction, oddType.CallStatus));
        Assert.Null(oddType.DurationSeconds); // duration="abc"
        Assert.Null(oddType.From);
        Assert.Equal(["tel:+447700900222"], oddType.To);
        Assert.Contains(context.Diagnostics, d => d.Locator == "call[11] line 14" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("type 9", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "call[11] line 14" && d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("'abc'", StringComparison.Ordinal));

        var seconds = events.At("call[13] line 16");
        Assert.Equal(1700000720000, seconds.Ms()); // date="1700000720" is seconds
        Assert.Equal("tel:unknown", seconds.From); // no number attribute at all
        Assert.Contains(context.Diagnostics, d => d.Locator == "call[13] line 16" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("seconds", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "call[13] line 16" && d.Severity == DiagnosticSeverity.Recovered);
        Assert.DoesNotContain(context.Diagnostics, d => d.Reason.Contains("count=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_an_external_entity_When_reading_Then_it_is_never_resolved()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Hostile("external_entity.xml"));

        var before = Assert.Single(events);
        Assert.Equal("call[1] line 6", before.Source.Locator);
        Assert.DoesNotContain(events.SelectMany(e => e.Names.Values), n => n.Contains("root", StringComparison.Ordinal));
        var damage = Assert.Single(context.Of(DiagnosticSeverity.Skipped));
        Assert.Contains("xxe", damage.Reason, StringComparison.Ordinal);
        Assert.StartsWith("line 7, position ", damage.Locator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_message_backup_When_read_as_calls_Then_it_is_refused_with_a_diagnostic()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_small.xml"));

        Assert.Empty(events);
        Assert.Contains("<smses>", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }
}
