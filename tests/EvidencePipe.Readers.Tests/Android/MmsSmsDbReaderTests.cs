using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Android;

/// <summary>
/// Android mmssms.db. Real: plaso's emulator database (9 SMS, no MMS; expected values read with the
/// sqlite3 shell). Synthetic: MMS with pdu/part/addr from tools/make_phonedb_fixtures.py.
/// </summary>
public sealed class MmsSmsDbReaderTests
{
    private const string Fred = "tel:+15555215554"; // "1 555-521-5554" and "15555215554" in a US case

    [Fact]
    public async Task Plaso_mmssms_reads_nine_sms_five_sent_and_four_received()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("mmssms.db"), PhoneDbTestFiles.Settings("US"));

        Assert.Equal(PhoneDbFormats.AndroidMmsSms, read.Format);
        Assert.Equal(9, read.Events.Count);
        Assert.Equal(5, read.Events.Count(e => e.Direction == Direction.Outgoing));
        Assert.Equal(4, read.Events.Count(e => e.Direction == Direction.Incoming));
        Assert.All(read.Events, e => Assert.Equal((EventKind.Message, Channels.Sms, PhoneDbFormats.AndroidMmsSms), (e.Kind, e.Channel, e.Source.Format)));
        Assert.Empty(read.Context.Diagnostics);
        Assert.Equal(9, read.Events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Plaso_mmssms_first_sent_message_has_its_recipient_time_and_text()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("mmssms.db"), PhoneDbTestFiles.Settings("US"));

        var sent = read.Events.At("sms._id=1");
        Assert.Equal(Direction.Outgoing, sent.Direction);
        Assert.Null(sent.From); // no owner number given to the case
        Assert.Equal([Fred], sent.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2013-10-29T16:56:28.038Z"), sent.Time.Utc);
        Assert.Equal(TimeBasis.Epoch, sent.Time.Basis);
        Assert.Equal("Yo Fred this is my new number.", sent.Text);
        Assert.Equal("1", sent.ThreadId);

        var last = read.Events.At("sms._id=9");
        Assert.Equal(PhoneDbTestFiles.Utc("2013-10-29T17:16:17.250Z"), last.Time.Utc);
        Assert.Equal("Guess the emulator was not happy with a long message", last.Text);
    }

    [Fact]
    public async Task Given_an_owner_Then_received_sms_go_from_the_sender_to_the_owner()
    {
        const string owner = "tel:+15555550100";
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("mmssms.db"), PhoneDbTestFiles.Settings("US", owner));

        var received = read.Events.At("sms._id=3");
        Assert.Equal(Direction.Incoming, received.Direction);
        Assert.Equal(Fred, received.From);
        Assert.Equal([owner], received.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2013-10-29T17:05:41.303Z"), received.Time.Utc);
        Assert.Equal("What message?", received.Text);
        Assert.Equal(owner, read.Events.At("sms._id=1").From);
    }

    [Fact]
    public async Task Received_mms_has_sender_text_subject_and_attachments_hashed_from_blobs()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("synthetic/mmssms_mms.db"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        Assert.Equal(3, read.Events.Count);
        var mms = read.Events.At("pdu._id=1");
        Assert.Equal((EventKind.Message, Channels.Mms, Direction.Incoming), (mms.Kind, mms.Channel, mms.Direction));
        Assert.Equal("tel:+447700900111", mms.From);
        Assert.Equal([PhoneDbTestFiles.Owner], mms.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2023-11-14T22:15:00Z"), mms.Time.Utc); // pdu.date 1700000100 is in seconds
        Assert.Equal("Saw you at the station", mms.Text);
        Assert.Equal("Photo", mms.Subject);
        Assert.Equal(2, mms.Attachments.Count); // the SMIL layout part is not an attachment
        // sha256 of bytes(range(256))*4, printed by tools/make_phonedb_fixtures.py (Python hashlib)
        Assert.Equal(new Attachment("IMG_0001.jpg", "image/jpeg", 1024, "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9"), mms.Attachments[0]);
        Assert.Equal(new Attachment("VID_0002.mp4", "video/mp4", 0, null), mms.Attachments[1]);
        var note = Assert.Single(read.Context.Diagnostics, d => d.Locator == "pdu._id=1");
        Assert.Contains("outside the database", note.Reason, StringComparison.Ordinal);
        Assert.Contains("PART_1700000100_VID.mp4", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sent_group_mms_goes_from_the_owner_to_every_recipient()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("synthetic/mmssms_mms.db"), PhoneDbTestFiles.Settings(owner: PhoneDbTestFiles.Owner));

        var group = read.Events.At("pdu._id=2");
        Assert.Equal(Direction.Outgoing, group.Direction);
        Assert.Equal(PhoneDbTestFiles.Owner, group.From); // insert-address-token stands for the owner
        Assert.Equal(["tel:+447700900111", "tel:+447700900222"], group.To);
        Assert.Equal("Both of you: stop", group.Text);
        Assert.Empty(group.Attachments);

        var sms = read.Events.At("sms._id=1");
        Assert.Equal(("tel:+447700900111", "Where are you?"), (sms.From, sms.Text));
        Assert.Equal(1700000000000, sms.Time.UnixMilliseconds);
        Assert.Empty(read.Context.Of(DiagnosticSeverity.Skipped));
    }
}
