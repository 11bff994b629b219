using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Kik;

/// <summary>
/// Kik for iOS kik.sqlite: plaso's real test database (fixtures/kik_db/kik.sqlite). Every event is checked
/// against <c>kik_db_oracle.py</c> (Python sqlite3, hand-written SQL, run by the test); plaso's own test
/// (tests/parsers/sqlite_plugins/kik_ios.py: 60 events; the second, "Hello", sent to ken.doh "Ken Doh" at
/// 2015-06-29 12:26:11.584833) is checked as constants copied from it. The owner is given as the group's
/// admin (Z_6ADMINSINVERSE: user 1, jon.doh2015), as an examiner would after reading the app's settings.
/// </summary>
public sealed class KikDbReaderTests : IDisposable
{
    private const string Owner = "handle:kik:jon.doh2015";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Fixture => RepoPaths.Fixture("kik_db", "kik.sqlite");

    private static Task<PhoneDbTestFiles.Read> ReadAsync(string path, string? owner = Owner) => PhoneDbTestFiles.ReadAsync(path, PhoneDbTestFiles.Settings(owner: owner));

    [Fact]
    public async Task Every_message_matches_the_sqlite3_oracle()
    {
        var read = await ReadAsync(Fixture);
        var expected = PythonOracle.Expected("Kik/kik_db_oracle.py", Fixture, Owner);

        Assert.Equal(PhoneDbFormats.KikIos, read.Format);
        Assert.Equal(60, expected.Count);
        PythonOracle.Matches(expected, read.Events);
        Assert.Equal(0, read.Context.Skipped);
        Assert.Equal(0, read.Context.Recovered);
        // sqlite3: SELECT ZTYPE, count(*) FROM ZKIKMESSAGE GROUP BY 1 → 1: 31, 2: 24, 3: 3, 4: 2.
        Assert.Equal((31, 24, 3 + 2), (read.Events.Count(e => e.Direction == Direction.Incoming), read.Events.Count(e => e.Direction == Direction.Outgoing), read.Events.Count(e => e.Subject == "group notice")));
    }

    [Fact]
    public async Task The_values_plasos_test_asserts_on_this_file_hold()
    {
        var read = await ReadAsync(Fixture);

        Assert.Equal(60, read.Events.Count);
        var hello = read.Events.At("ZKIKMESSAGE.Z_PK=2");
        Assert.Equal(("Hello", Direction.Outgoing, "handle:kik:ken.doh"), (hello.Text, hello.Direction, Assert.Single(hello.To)));
        Assert.Equal("Ken Doh", hello.Names["handle:kik:ken.doh"]);
        Assert.Equal(PhoneDbTestFiles.Utc("2015-06-29T12:26:11.584833Z").ToUnixTimeMilliseconds() + 1, hello.Time.UnixMilliseconds); // .584833 s to the nearest ms: .585
    }

    [Fact]
    public async Task Group_messages_address_the_members_and_attachments_replace_their_placeholder_body()
    {
        var read = await ReadAsync(Fixture);

        // Z_3MESSAGES puts 14 in chat 2 (ZUSER 24, 1100024090445_g@groups.kik.com); Z_6MEMBERS of 24: users 8, 15, 23, 25.
        var group = read.Events.At("ZKIKMESSAGE.Z_PK=14");
        Assert.Equal("1100024090445_g@groups.kik.com", group.ThreadId);
        Assert.Equal("handle:kik:SolidRavenOcelot89", group.From);
        Assert.Equal(["handle:kik:jon.doh2015", "handle:kik:ken.doh", "handle:kik:mjenki14", "handle:kik:sbabadi61"], group.To.Order(StringComparer.Ordinal));

        // ZKIKATTACHMENT row 1: ZMESSAGE 20, ZCONTENT = ZBODY a7160843-….
        var photo = read.Events.At("ZKIKMESSAGE.Z_PK=20");
        Assert.Null(photo.Text);
        Assert.Equal("a7160843-c595-4afb-a359-4151dcd79157", Assert.Single(photo.Attachments).Name);
    }

    [Fact]
    public async Task Without_an_owner_the_file_is_noted_and_sent_messages_have_no_sender()
    {
        var read = await ReadAsync(Fixture, owner: null);

        Assert.Null(read.Events.At("ZKIKMESSAGE.Z_PK=2").From);
        Assert.Empty(read.Events.At("ZKIKMESSAGE.Z_PK=1").To);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "ZKIKUSER" && d.Reason.Contains("--owner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Null_bodies_text_in_integer_columns_and_huge_times_give_diagnostics_not_crashes()
    {
        var path = Mutated("""
            UPDATE ZKIKMESSAGE SET ZBODY = NULL WHERE Z_PK = 3;
            UPDATE ZKIKMESSAGE SET ZTYPE = 'sent' WHERE Z_PK = 4;
            UPDATE ZKIKMESSAGE SET ZTIMESTAMP = 1e300, ZRECEIVEDTIMESTAMP = 1e300 WHERE Z_PK = 5;
            UPDATE ZKIKMESSAGE SET ZTIMESTAMP = NULL WHERE Z_PK = 6;
            UPDATE ZKIKMESSAGE SET ZUSER = 'nobody' WHERE Z_PK IN (7, 17);
            """);

        var read = await ReadAsync(path);

        Assert.Equal(60, read.Events.Count);
        Assert.Null(read.Events.At("ZKIKMESSAGE.Z_PK=3").Text);
        Assert.Equal(Direction.Unknown, read.Events.At("ZKIKMESSAGE.Z_PK=4").Direction);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "ZKIKMESSAGE.Z_PK=4" && d.Reason.Contains("'sent'", StringComparison.Ordinal));
        Assert.True(read.Events.At("ZKIKMESSAGE.Z_PK=5").Time.IsUndated);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "ZKIKMESSAGE.Z_PK=5" && d.Severity == DiagnosticSeverity.Recovered);
        // No ZTIMESTAMP: ZRECEIVEDTIMESTAMP 457279682.263496 (sqlite3) is used.
        Assert.Equal(PhoneDbTestFiles.Utc("2015-06-29T14:08:02.263Z"), read.Events.At("ZKIKMESSAGE.Z_PK=6").Time.Utc);
        // A sent message's partner still comes from its chat (Z_3MESSAGES: chat 4, ZUSER 21); a received one has no sender.
        Assert.Equal(["handle:kik:roflharris12"], read.Events.At("ZKIKMESSAGE.Z_PK=7").To);
        Assert.Null(read.Events.At("ZKIKMESSAGE.Z_PK=17").From);
        Assert.Contains(read.Context.Diagnostics, d => d.Locator == "ZKIKMESSAGE.Z_PK=17" && d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("'nobody'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_join_table_or_message_column_is_reported()
    {
        var noJoin = await ReadAsync(Mutated("DROP TABLE Z_3MESSAGES;"));
        Assert.Equal(60, noJoin.Events.Count);
        Assert.Contains(noJoin.Context.Diagnostics, d => d.Locator == "Z_MESSAGES" && d.Severity == DiagnosticSeverity.Note);
        Assert.Equal("handle:kik:SolidRavenOcelot89", noJoin.Events.At("ZKIKMESSAGE.Z_PK=14").From); // the sender is still ZUSER

        var noBody = await ReadAsync(Mutated("ALTER TABLE ZKIKMESSAGE DROP COLUMN ZBODY;", "kik2.sqlite"));
        Assert.Equal(PhoneDbFormats.KikIos, noBody.Format);
        Assert.Empty(noBody.Events);
        Assert.Contains(noBody.Context.Diagnostics, d => d.Locator == "ZKIKMESSAGE" && d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("ZBODY", StringComparison.Ordinal));
    }

    private string Mutated(string sql, string name = "kik.sqlite") => MutatedCopy.Of(_temp, Fixture, sql, name);
}
