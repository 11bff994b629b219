using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.WhatsAppDb;

/// <summary>WhatsApp msgstore.db, current (message/jid/chat, call_log) and legacy (messages) schemas, both synthetic.</summary>
public sealed class MsgstoreDbReaderTests
{
    private const string Jordan = "tel:+447700900111";
    private const string Sam = "tel:+447700900222";
    private const string Owner = PhoneDbTestFiles.Owner;

    [Fact]
    public async Task Current_schema_reads_one_to_one_messages_with_parties_time_and_text()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_current.db"), PhoneDbTestFiles.Settings(owner: Owner));

        Assert.Equal(PhoneDbFormats.WhatsAppMsgstore, read.Format);
        Assert.Equal(7, read.Events.Count(e => e.Kind == EventKind.Message));
        var incoming = read.Events.At("message._id=2");
        Assert.Equal((Channels.WhatsApp, Direction.Incoming, Jordan), (incoming.Channel, incoming.Direction, incoming.From));
        Assert.Equal([Owner], incoming.To);
        Assert.Equal(1700000000000, incoming.Time.UnixMilliseconds);
        Assert.Equal("I'm outside your house", incoming.Text);
        Assert.Equal("447700900111@s.whatsapp.net", incoming.ThreadId);

        var outgoing = read.Events.At("message._id=3");
        Assert.Equal((Direction.Outgoing, Owner, "Go away"), (outgoing.Direction, outgoing.From, outgoing.Text));
        Assert.Equal([Jordan], outgoing.To);
    }

    [Fact]
    public async Task Current_schema_group_messages_name_the_sender_and_the_other_members()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_current.db"), PhoneDbTestFiles.Settings(owner: Owner));

        var incoming = read.Events.At("message._id=5");
        Assert.Equal(Sam, incoming.From);
        Assert.Equal([Jordan, Owner], incoming.To);
        Assert.Equal("447700900999-1600000000@g.us", incoming.ThreadId);

        var outgoing = read.Events.At("message._id=6");
        Assert.Equal(Owner, outgoing.From);
        Assert.Equal([Jordan, Sam], outgoing.To);

        var system = read.Events.At("message._id=7");
        Assert.Null(system.From);
        Assert.Empty(system.To);
    }

    [Fact]
    public async Task Current_schema_media_location_and_placeholder_row_are_handled()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_current.db"));

        var image = read.Events.At("message._id=4");
        Assert.Equal("look", image.Text);
        // file_hash is base64 of sha256("whatsapp media stand-in"), printed by tools/make_phonedb_fixtures.py
        Assert.Equal(new Attachment("IMG-20231114-WA0001.jpg", "image/jpeg", 23, "b837e633be32e50fea95462aec3c93281ee37c10c6a80ecfdca1ac6270474bc8"), Assert.Single(image.Attachments));
        Assert.Equal(new GeoPoint(51.5007, -0.1246), read.Events.At("message._id=8").Geo);
        Assert.DoesNotContain(read.Events, e => e.Source.Locator == "message._id=1");
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "message._id=1" && d.Severity == DiagnosticSeverity.Note);
        Assert.Empty(read.Context.Of(DiagnosticSeverity.Skipped));
    }

    [Fact]
    public async Task Current_schema_calls_have_direction_status_duration_and_kind()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_current.db"), PhoneDbTestFiles.Settings(owner: Owner));

        var calls = read.Events.Where(e => e.Kind == EventKind.Call).ToList();
        Assert.Equal(["call_log._id=1", "call_log._id=2", "call_log._id=3"], calls.Select(c => c.Source.Locator));
        var missed = calls[0];
        Assert.Equal((Channels.WhatsApp, Direction.Incoming, CallStatus.Missed, Jordan), (missed.Channel, missed.Direction, missed.CallStatus, missed.From));
        Assert.Equal(1700000400000, missed.Time.UnixMilliseconds);
        var video = calls[1];
        Assert.Equal((Direction.Outgoing, CallStatus.Answered, 95, "video call"), (video.Direction, video.CallStatus, video.DurationSeconds, video.Subject));
        Assert.Equal([Jordan], video.To);
        Assert.Equal((Direction.Incoming, CallStatus.Answered, 42), (calls[2].Direction, calls[2].CallStatus, calls[2].DurationSeconds));
    }

    [Fact]
    public async Task Legacy_schema_reads_messages_groups_captions_and_locations()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_legacy.db"), PhoneDbTestFiles.Settings(owner: Owner));

        Assert.Equal(PhoneDbFormats.WhatsAppMsgstore, read.Format);
        Assert.Equal(5, read.Events.Count);
        var first = read.Events.At("messages._id=2");
        Assert.Equal((Direction.Incoming, Jordan, "You can't hide from me"), (first.Direction, first.From, first.Text));
        Assert.Equal(PhoneDbTestFiles.Utc("2017-07-14T02:40:00Z"), first.Time.Utc);
        Assert.Equal([Jordan], read.Events.At("messages._id=3").To);

        var group = read.Events.At("messages._id=4");
        Assert.Equal(Jordan, group.From); // remote_resource
        Assert.Equal([Sam, Owner], group.To);

        var image = read.Events.At("messages._id=5");
        Assert.Equal("outside", image.Text);
        Assert.Equal(new Attachment(null, "image/jpeg", 0, null), Assert.Single(image.Attachments));
        Assert.Equal(new GeoPoint(53.4808, -2.2426), read.Events.At("messages._id=6").Geo);
    }
}
