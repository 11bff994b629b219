using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Readers.Viber;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Viber;

/// <summary>
/// Viber for Android viber_data: plaso's real test file (test_data/android/viber_data). Oracle:
/// Python's sqlite3 run by the test, with the code meanings of Autopsy's viber.py (type 1 incoming,
/// 2 outgoing, 3 missed; viber_call_type 1 audio, 4 video) and ALEAPP's contact join; plaso's
/// published expectation (tests/parsers/sqlite_plugins/android_viber_call.py: 4 calls, no
/// warnings; the fourth: type 2, 105 s, +19198887386, 2022-11-25T20:43:08.267Z, viber_call_type 4).
/// </summary>
public sealed class ViberDataDbReaderTests : IDisposable
{
    private const string Oracle = """
        import sqlite3, sys, json
        c = sqlite3.connect('file:' + sys.argv[1] + '?immutable=1', uri=True)
        names = dict(c.execute('select coalesce(d.data2, d.data1, d.data3), p.display_name from phonebookcontact p join phonebookdata d on d.contact_id = p._id order by p._id desc'))
        out = []
        for _id, number, date, duration, typ, kind in c.execute('select _id, canonized_number, date, duration, type, viber_call_type from calls'):
            out.append({'locator': 'calls._id=%d' % _id, 'number': 'tel:' + number, 'ms': date, 'duration': duration,
                        'direction': {1: 'Incoming', 2: 'Outgoing', 3: 'Incoming'}[typ],
                        'status': 'Missed' if typ == 3 else ('Answered' if duration > 0 else 'None'),
                        'subject': {1: 'voice call', 4: 'video call'}.get(kind), 'name': names.get(number)})
        print(json.dumps(out))
        """;

    private static readonly string Fixture = RepoPaths.Fixture("viber_db", "viber_data");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_call_has_the_oracles_number_direction_time_duration_kind_and_contact_name()
    {
        var expected = PythonSqliteOracle.Rows(Oracle, Fixture);
        var read = await PhoneDbTestFiles.ReadAsync(Fixture, PhoneDbTestFiles.Settings("US"));

        Assert.Equal(PhoneDbFormats.ViberData, read.Format);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Count, read.Events.Count);
        foreach (var row in expected)
        {
            var e = read.Events.At(row.Str("locator")!);
            var party = e.Direction == Direction.Outgoing ? Assert.Single(e.To) : e.From;
            Assert.Equal((row.Str("number"), row.Str("direction"), row.Long("ms")!.Value, (int?)row.Long("duration"), row.Str("status"), row.Str("subject")),
                (party, e.Direction.ToString(), e.Time.Utc.ToUnixTimeMilliseconds(), e.DurationSeconds, e.CallStatus.ToString(), e.Subject));
            Assert.Equal(row.Str("name"), e.Names[party!]);
            Assert.Equal((EventKind.Call, ViberDataDbReader.Channel), (e.Kind, e.Channel));
        }

        Assert.Empty(read.Context.Diagnostics);
    }

    [Fact]
    public async Task Plasos_published_fourth_call_is_an_outgoing_video_call_of_105_seconds()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture, PhoneDbTestFiles.Settings("US", "tel:+19105576476"));

        var call = read.Events.OrderBy(e => e.Time.Utc).Last();
        Assert.Equal((Direction.Outgoing, "tel:+19105576476", 105, "video call"), (call.Direction, call.From, call.DurationSeconds!.Value, call.Subject));
        Assert.Equal(["tel:+19198887386"], call.To);
        Assert.Equal(PhoneDbTestFiles.Utc("2022-11-25T20:43:08.267Z"), call.Time.Utc);
        Assert.Equal("This Is DFIR Two", call.Names["tel:+19198887386"]);
    }

    [Fact]
    public async Task The_address_book_and_viber_numbers_become_contact_cards()
    {
        var read = await PhoneDbTestFiles.ReadAsync(Fixture, PhoneDbTestFiles.Settings("US"));

        // sqlite3: select _id, display_name from phonebookcontact → 5 rows; contact 1 has no phonebookdata row.
        Assert.Equal(6, read.Contacts.Count);
        var josh = Assert.Single(read.Contacts, c => c.Source.Locator == "phonebookcontact._id=21");
        Assert.Equal(("Josh Hickman", "tel:+19195790479 tel:+19193912507"), (josh.Name, string.Join(" ", josh.Identifiers)));
        Assert.Empty(Assert.Single(read.Contacts, c => c.Source.Locator == "phonebookcontact._id=1").Identifiers);
        var member = Assert.Single(read.Contacts, c => c.Source.Locator == "vibernumbers._id=1");
        Assert.Equal(["tel:+19198887386", "handle:viber:MAnQGEYEn/E="], member.Identifiers);
    }

    [Fact]
    public async Task A_genuine_android_calllog_is_still_read_by_the_call_log_reader()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.Android("synthetic/calllog.db"));

        Assert.Equal(PhoneDbFormats.AndroidCallLog, read.Format);
        Assert.Equal(8, read.Events.Count); // sqlite3: select count(*) from calls → 9, one with a damaged date (CallLogDbReaderTests)
        Assert.DoesNotContain(read.Events, e => e.Channel == ViberDataDbReader.Channel);
    }

    [Fact]
    public async Task Text_in_the_date_column_a_huge_date_and_a_null_number_give_diagnostics_not_a_crash()
    {
        var path = Mutated("""
            CREATE TABLE calls2 AS SELECT * FROM calls; DROP TABLE calls;
            CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, canonized_number TEXT, date, duration, type INT, viber_call_type INT);
            INSERT INTO calls SELECT _id, number, canonized_number, date, duration, type, viber_call_type FROM calls2; DROP TABLE calls2;
            UPDATE calls SET date = 'last night' WHERE _id = 1; UPDATE calls SET date = 99999999999999999 WHERE _id = 2;
            UPDATE calls SET number = NULL, canonized_number = NULL, duration = 'long' WHERE _id = 3;
            """);

        var read = await PhoneDbTestFiles.ReadAsync(path, PhoneDbTestFiles.Settings("US"));

        Assert.Equal(2, read.Events.Count);
        Assert.Equal(["calls._id=1", "calls._id=2"], read.Context.Of(DiagnosticSeverity.Skipped).Select(d => d.Locator).Order(StringComparer.Ordinal));
        var nameless = read.Events.At("calls._id=3");
        Assert.Null(nameless.From);
        Assert.Null(nameless.DurationSeconds);
        Assert.Equal("calls._id=3", Assert.Single(read.Context.Of(DiagnosticSeverity.Recovered)).Locator);
    }

    [Fact]
    public async Task A_missing_phonebookdata_table_keeps_the_calls_without_names()
    {
        var path = Mutated("DROP TABLE phonebookdata;");

        var read = await PhoneDbTestFiles.ReadAsync(path, PhoneDbTestFiles.Settings("US"));

        Assert.Equal(PhoneDbFormats.ViberData, read.Format);
        Assert.Equal(4, read.Events.Count);
        Assert.All(read.Events, e => Assert.Empty(e.Names));
    }

    private string Mutated(string sql) => MutatedCopy.Of(_temp, Fixture, sql);
}
