using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Skype;

/// <summary>
/// Skype main.db: plaso's real test database (fixtures/skype_db/skype_main.db). Every event is checked
/// against <c>skype_main_db_oracle.py</c> (Python sqlite3, hand-written SQL, run by the test); the values
/// plaso's own test (tests/parsers/sqlite_plugins/skype.py) asserts on the same file are checked as
/// constants copied from that test. Hostile variants are the real file copied and changed with SQL.
/// </summary>
public sealed class SkypeMainDbReaderTests : IDisposable
{
    private const string Owner = "handle:skype:gen.beringer";
    private const string Partner = "handle:skype:european.bbq.competitor";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Fixture => RepoPaths.Fixture("skype_db", "skype_main.db");

    [Fact]
    public async Task Every_message_call_sms_and_transfer_matches_the_sqlite3_oracle()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);
        var expected = PythonOracle.Expected("Skype/skype_main_db_oracle.py", Fixture);

        Assert.Equal(PhoneDbFormats.SkypeMainDb, read.Format);
        // sqlite3: 15 Messages rows less the SMS's chat copy (SMSes.chatmsg_id = 61), 1 Calls, 1 SMSes, 2 Transfers.
        Assert.Equal(14 + 1 + 1 + 2, expected.Count);
        PythonOracle.Matches(expected, read.Events);
        Assert.Equal(0, read.Context.Skipped);
        Assert.Equal(0, read.Context.Recovered);
    }

    [Fact]
    public async Task The_values_plasos_test_asserts_on_this_file_hold()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);

        // plaso skype.py: chat event 1 — 2013-07-30T21:27:11, "need to know if you got it this time.", from gen.beringer to european.bbq.competitor.
        var chat = read.Events.Single(e => e.Time.Utc == PhoneDbTestFiles.Utc("2013-07-30T21:27:11Z"));
        Assert.Equal(("need to know if you got it this time.", Owner), (chat.Text, chat.From));
        Assert.Equal([Partner], chat.To);

        // Chat room 2013-10-27T15:29:19, "He is our new employee", to "gen.beringer, echo123".
        var room = read.Events.Single(e => e.Time.Utc == PhoneDbTestFiles.Utc("2013-10-27T15:29:19Z"));
        Assert.Equal(("He is our new employee", Partner), (room.Text, room.From));
        Assert.Equal(["handle:skype:echo123", Owner], room.To.Order(StringComparer.Ordinal));

        // SMS 2013-07-01T22:14:22 to +34123456789 with its text.
        var sms = read.Events.Single(e => e.Channel == Channels.Sms);
        Assert.Equal((PhoneDbTestFiles.Utc("2013-07-01T22:14:22Z"), "If you want I can copy some documents for you, if you can pay it... ;)"), (sms.Time.Utc, sms.Text));
        Assert.Equal(["tel:+34123456789"], sms.To);

        // Call: attempt 2013-07-01T22:12:17, end 22:23:03 (start + 646 s), gen.beringer and european.bbq.competitor.
        var call = Assert.Single(read.Events, e => e.Kind == EventKind.Call);
        Assert.Equal(PhoneDbTestFiles.Utc("2013-07-01T22:12:17Z"), call.Time.Utc);
        Assert.Equal(PhoneDbTestFiles.Utc("2013-07-01T22:23:03Z"), call.Time.Utc.AddSeconds(call.DurationSeconds!.Value));
        Assert.Equal((Owner, Partner), (call.From, Assert.Single(call.To)));

        // Transfer: start 2013-10-24T21:49:32, secret-project.pdf, source gen.beringer, destination european.bbq.competitor;
        // plaso's older test: the delivery (status 8) started 2013-10-24 21:49:35, filesize 69986.
        var offer = read.Events.At("Transfers.id=1090");
        Assert.Equal((PhoneDbTestFiles.Utc("2013-10-24T21:49:32Z"), Owner, Partner), (offer.Time.Utc, offer.From, Assert.Single(offer.To)));
        var delivery = read.Events.At("Transfers.id=1094");
        Assert.Equal(PhoneDbTestFiles.Utc("2013-10-24T21:49:35Z"), delivery.Time.Utc);
        Assert.Equal(new Attachment("secret-project.pdf", "application/pdf", 69986, null), Assert.Single(delivery.Attachments));
        Assert.Contains("/Users/gberinger/Desktop/secret-project.pdf", delivery.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_markup_is_decoded_and_record_kinds_are_named()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture);

        // body_xml "I&apos;m here" and an <a href> link (sqlite3 on Messages.id 52 and 54).
        Assert.Equal("I'm here", read.Events.At("Messages.id=52").Text);
        Assert.Equal("https://www.dropbox.com/s/3t95y5d8j64azsj/Recipes.docx", read.Events.At("Messages.id=54").Text);
        Assert.Equal("contact request", read.Events.At("Messages.id=47").Subject); // type 50
        Assert.Null(read.Events.At("Messages.id=51").Text); // type 51, empty body
        Assert.Equal(("European Competitor", "Gen Beringer"), (read.Events.At("Messages.id=52").Names[Partner], read.Events.At("Messages.id=52").Names[Owner]));

        // The SMS's chat copy (type 64, timestamp 13727168620: year 2404) is noted, not a second event.
        Assert.DoesNotContain(read.Events, e => e.Source.Locator == "Messages.id=61");
        var note = Assert.Single(read.Context.Diagnostics, d => d.Locator == "Messages.id=61");
        Assert.Contains("SMSes.id=145", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_bodies_text_in_integer_columns_and_huge_times_give_diagnostics_not_crashes()
    {
        var path = Mutated("""
            UPDATE Messages SET body_xml = NULL WHERE id = 39;
            UPDATE Messages SET timestamp = 'yesterday' WHERE id = 43;
            UPDATE Messages SET timestamp = 99999999999999 WHERE id = 52;
            UPDATE Messages SET author = NULL WHERE id = 53;
            UPDATE Calls SET is_incoming = 'yes', begin_timestamp = -5 WHERE id = 110;
            UPDATE Transfers SET filesize = 'big', type = 'x' WHERE id = 1094;
            """);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(18, read.Events.Count); // nothing dropped
        Assert.Null(read.Events.At("Messages.id=39").Text);
        Assert.True(read.Events.At("Messages.id=43").Time.IsUndated);
        Assert.True(read.Events.At("Messages.id=52").Time.IsUndated);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "Messages.id=43" && d.Reason.Contains("'yesterday'", StringComparison.Ordinal));
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "Messages.id=52" && d.Reason.Contains("99999999999999", StringComparison.Ordinal));
        Assert.Null(read.Events.At("Messages.id=53").From);
        Assert.Equal(Direction.Unknown, read.Events.At("Messages.id=53").Direction);
        var call = read.Events.At("Calls.id=110");
        Assert.True(call.Time.IsUndated);
        Assert.Equal(Direction.Outgoing, call.Direction); // no is_incoming: the host gen.beringer is the account
        var transfer = read.Events.At("Transfers.id=1094");
        Assert.Equal(0, Assert.Single(transfer.Attachments).Size);
        Assert.Equal(Direction.Unknown, transfer.Direction);
        Assert.Equal(5, read.Context.Recovered); // Messages 43, 52 (times), 53 (author), Calls 110 (time), Transfers 1094 (type)
    }

    [Fact]
    public async Task A_missing_table_is_noted_and_the_other_tables_are_still_read()
    {
        var path = Mutated("DROP TABLE Calls; DROP TABLE Accounts; ALTER TABLE Transfers DROP COLUMN filename;");

        var read = await PhoneDbTestFiles.ReadAsync(path, PhoneDbTestFiles.Settings(owner: Owner));

        Assert.Equal(PhoneDbFormats.SkypeMainDb, read.Format);
        Assert.Equal(14 + 1, read.Events.Count); // messages and the SMS; no calls, transfers unreadable
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "Calls" && d.Severity == DiagnosticSeverity.Note);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "Transfers" && d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("filename", StringComparison.Ordinal));
        // Without Accounts the single --owner is the account holder: directions are still known.
        Assert.Equal(Direction.Outgoing, read.Events.At("Messages.id=39").Direction);
        Assert.Equal(Direction.Incoming, read.Events.At("Messages.id=52").Direction);
    }

    private string Mutated(string sql) => MutatedCopy.Of(_temp, Fixture, sql, "main.db");
}
