using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.Android;

/// <summary>
/// Android contacts2.db. Real: plaso's copy holds only the old <c>calls</c> table (3 calls to
/// Barney, +1 540-456-1685; values read with the sqlite3 shell). Synthetic: the address book.
/// </summary>
public sealed class Contacts2DbReaderTests
{
    private const string Barney = "tel:+15404561685";

    [Fact]
    public async Task Plaso_contacts2_reads_three_calls_missed_outgoing_and_incoming()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("contacts2.db"), PhoneDbTestFiles.Settings("US"));

        Assert.Equal(PhoneDbFormats.AndroidContacts2, read.Format);
        Assert.Equal(["calls._id=714", "calls._id=715", "calls._id=717"], read.Events.Select(e => e.Source.Locator));

        var missed = read.Events.At("calls._id=714");
        Assert.Equal((Direction.Incoming, CallStatus.Missed, 0), (missed.Direction, missed.CallStatus, missed.DurationSeconds));
        Assert.Equal(Barney, missed.From);
        Assert.Equal("Barney", missed.Names[Barney]);
        Assert.Equal(PhoneDbTestFiles.Utc("2013-11-06T21:17:16.690Z"), missed.Time.Utc);

        var outgoing = read.Events.At("calls._id=715");
        Assert.Equal((Direction.Outgoing, CallStatus.Answered, 126), (outgoing.Direction, outgoing.CallStatus, outgoing.DurationSeconds));
        Assert.Equal([Barney], outgoing.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2013-11-06T21:18:53.283Z"), outgoing.Time.Utc);

        var incoming = read.Events.At("calls._id=717");
        Assert.Equal((Direction.Incoming, CallStatus.Answered, 639), (incoming.Direction, incoming.CallStatus, incoming.DurationSeconds));
        Assert.Equal(PhoneDbTestFiles.Utc("2013-11-07T00:03:36.690Z"), incoming.Time.Utc);
    }

    [Fact]
    public async Task Plaso_contacts2_without_raw_contacts_notes_that_no_names_were_read()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("contacts2.db"), PhoneDbTestFiles.Settings("US"));

        Assert.Empty(read.Contacts);
        var note = Assert.Single(read.Context.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Note, "raw_contacts"), (note.Severity, note.Locator));
        Assert.Contains("contacts2.db", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_book_entries_become_contact_cards_with_names_numbers_and_emails()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("synthetic/contacts2_people.db"));

        Assert.Equal(2, read.Contacts.Count);
        var jordan = read.Contacts[0];
        Assert.Equal("Jordan Blake", jordan.Name);
        Assert.Equal(["tel:+447700900111", "email:jordan.blake@example.net"], jordan.Identifiers);
        Assert.Equal(("raw_contacts._id=1", PhoneDbFormats.AndroidContacts2), (jordan.Source.Locator, jordan.Source.Format));
        Assert.Equal(("Sam Carter", "tel:+447700900222"), (read.Contacts[1].Name, Assert.Single(read.Contacts[1].Identifiers)));
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "raw_contacts._id=3" && d.Severity == DiagnosticSeverity.Note);
        Assert.Equal("calls._id=1", Assert.Single(read.Events).Source.Locator);
    }
}
