using System.IO.Compression;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>Dispatching by schema, and damaged, encrypted, empty and unknown databases.</summary>
public sealed class SqliteEvidenceReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("android_db", "mmssms.db", PhoneDbFormats.AndroidMmsSms)]
    [InlineData("android_db", "synthetic/mmssms_mms.db", PhoneDbFormats.AndroidMmsSms)]
    [InlineData("android_db", "contacts2.db", PhoneDbFormats.AndroidContacts2)]
    [InlineData("android_db", "synthetic/contacts2_people.db", PhoneDbFormats.AndroidContacts2)]
    [InlineData("android_db", "synthetic/calllog.db", PhoneDbFormats.AndroidCallLog)]
    [InlineData("ios_db", "imessage_chat.db", PhoneDbFormats.IosSms)]
    [InlineData("ios_db", "synthetic/sms_recent.db", PhoneDbFormats.IosSms)]
    [InlineData("ios_db", "synthetic/CallHistory.storedata", PhoneDbFormats.IosCallHistory)]
    [InlineData("whatsapp_db", "synthetic/msgstore_current.db", PhoneDbFormats.WhatsAppMsgstore)]
    [InlineData("whatsapp_db", "synthetic/msgstore_legacy.db", PhoneDbFormats.WhatsAppMsgstore)]
    [InlineData("whatsapp_db", "synthetic/wa.db", PhoneDbFormats.WhatsAppWa)]
    [InlineData("hangouts_db", "babel.db", PhoneDbFormats.HangoutsBabel)]
    [InlineData("tango_db", "tango_android_tc.db", PhoneDbFormats.TangoTc)]
    [InlineData("viber_db", "viber_data", PhoneDbFormats.ViberData)]
    public async Task Each_database_is_refined_to_the_schema_its_tables_show(string folder, string name, string format)
    {
        var read = await PhoneDbTestFiles.ReadAsync(RepoPaths.Fixture(folder, name));

        Assert.Equal(format, read.Format);
        Assert.All(read.Events, e => Assert.Equal(format, e.Source.Format));
        Assert.All(read.Events, e => Assert.Equal(read.Context.EventId(e.Source.Locator), e.Id));
        Assert.Equal(read.Events.Count, read.Events.Select(e => e.Source.Locator).Distinct().Count());
    }

    [Fact]
    public async Task Reading_twice_gives_the_same_ids()
    {
        var path = PhoneDbTestFiles.WhatsApp("synthetic/msgstore_current.db");
        var first = await PhoneDbTestFiles.ReadAsync(path);
        var second = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(first.Events.Select(e => e.Id), second.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task An_unknown_schema_is_declared_unsupported_with_a_note_listing_its_tables_and_no_events()
    {
        var path = Create("recipes.db", "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE steps (recipe INTEGER, text TEXT);");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Empty(read.Events);
        Assert.Equal(PhoneDbFormats.Sqlite, read.Format);
        var note = Assert.Single(read.Context.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Note, note.Severity);
        Assert.Contains("recipes.db", note.Reason, StringComparison.Ordinal);
        Assert.Contains("tables found: recipes, steps", note.Reason, StringComparison.Ordinal);
        Assert.True(read.Context.IsUnsupported);
    }

    [Fact]
    public async Task A_database_with_no_tables_is_declared_unsupported_with_a_note()
    {
        var path = Create("blank.db", "PRAGMA user_version = 7;");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Empty(read.Events);
        Assert.True(read.Context.IsUnsupported);
        Assert.Contains("no tables", Assert.Single(read.Context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_table_without_needed_columns_is_skipped_naming_the_file_and_the_columns()
    {
        var path = Create("oddsms.db", "CREATE TABLE sms (_id INTEGER PRIMARY KEY, address TEXT, body TEXT); INSERT INTO sms VALUES (1, '07700900111', 'hi');");

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(PhoneDbFormats.AndroidMmsSms, read.Format);
        Assert.Empty(read.Events);
        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("sms", skipped.Locator);
        Assert.Contains("oddsms.db", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("lacks column(s) date, type", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_behind_a_sqlite_header_are_skipped_naming_the_file()
    {
        var bytes = new byte[16 * 1024];
        new Random(20240430).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);
        var path = _temp.Combine("encrypted.db");
        await File.WriteAllBytesAsync(path, bytes);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Empty(read.Events);
        var skipped = Assert.Single(read.Context.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Skipped, "file"), (skipped.Severity, skipped.Locator));
        Assert.Contains("encrypted.db", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_real_database_is_skipped_without_an_exception()
    {
        var original = await File.ReadAllBytesAsync(PhoneDbTestFiles.Ios("imessage_chat.db"));
        var path = _temp.Combine("imessage_cut.db");
        await File.WriteAllBytesAsync(path, original[..(original.Length / 3)]);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Empty(read.Events);
        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Contains("imessage_cut.db", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_overwritten_mid_table_keep_the_rows_before_the_damage_and_report_the_rest()
    {
        var path = _temp.Combine("damaged.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE sms (_id INTEGER PRIMARY KEY, address TEXT, date INTEGER, type INTEGER, body TEXT)";
            create.ExecuteNonQuery();
            for (var i = 1; i <= 2000; i++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO sms VALUES ($id, '07700900111', $date, 1, $body)";
                insert.Parameters.AddWithValue("$id", i);
                insert.Parameters.AddWithValue("$date", 1_700_000_000_000L + (i * 1000L));
                insert.Parameters.AddWithValue("$body", $"message {i} " + new string('x', 200));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var bytes = await File.ReadAllBytesAsync(path);
        new Random(7).NextBytes(bytes.AsSpan(bytes.Length * 3 / 4, 4 * 4096));
        await File.WriteAllBytesAsync(path, bytes);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.InRange(read.Events.Count, 100, 1999);
        Assert.Equal(Enumerable.Range(1, read.Events.Count).Select(i => $"sms._id={i}"), read.Events.Select(e => e.Source.Locator));
        Assert.Equal($"message {read.Events.Count} ", read.Events[^1].Text![..$"message {read.Events.Count} ".Length]);
        var skipped = Assert.Single(read.Context.Of(DiagnosticSeverity.Skipped));
        Assert.Contains("damaged.db", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains($"{read.Events.Count} row(s) read before it", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_inside_a_zip_is_read_from_a_private_copy_that_is_removed_afterwards()
    {
        var zipPath = _temp.Combine("phone.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(PhoneDbTestFiles.WhatsApp("synthetic/msgstore_legacy.db"), "Android/data/com.whatsapp/databases/msgstore.db");
        }

        var before = Directory.GetDirectories(Path.GetTempPath(), "evidencepipe-*").Length;
        var source = new EvidenceSource(zipPath, "phone.zip", new FileInfo(zipPath).Length, new string('0', 64), PhoneDbFormats.Sqlite)
        {
            ContainerEntry = "Android/data/com.whatsapp/databases/msgstore.db",
        };
        var context = new ReadContext(source, PhoneDbTestFiles.Settings());
        var count = 0;
        await foreach (var record in new SqliteEvidenceReader().ReadAsync(source, context, CancellationToken.None))
        {
            count++;
        }

        Assert.Equal(5, count);
        Assert.Equal(PhoneDbFormats.WhatsAppMsgstore, context.Source.Format);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "evidencepipe-*").Length);
    }

    [Fact]
    public async Task A_virtual_table_of_an_unknown_module_is_noted_and_the_rest_is_read()
    {
        // A table whose module this SQLite build lacks: its sqlite_master row is written directly
        // (PRAGMA writable_schema), as a vendor extension would leave it on a seized phone.
        var path = Create("vendor.db", """
            CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY, jid TEXT NOT NULL, display_name TEXT);
            INSERT INTO wa_contacts VALUES (1, '447700900111@s.whatsapp.net', 'Jordan');
            PRAGMA writable_schema = ON;
            INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', 'vendor_index', 'vendor_index', 0, 'CREATE VIRTUAL TABLE vendor_index USING vendor_fts(body)');
            PRAGMA writable_schema = OFF;
            """);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(PhoneDbFormats.WhatsAppWa, read.Format);
        Assert.Equal("Jordan", Assert.Single(read.Contacts).Name);
        Assert.Contains(read.Context.Diagnostics, d => d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("vendor_index", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_name_with_uri_special_characters_is_opened_as_that_file()
    {
        var path = _temp.Combine("wa #1 100%?x=y.db");
        File.Copy(PhoneDbTestFiles.WhatsApp("synthetic/wa.db"), path);

        var read = await PhoneDbTestFiles.ReadAsync(path);

        Assert.Equal(3, read.Contacts.Count);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    private string Create(string name, string sql)
    {
        var path = _temp.Combine(name);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }
}
