using EvidencePipe.Pipeline;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite.Tests;

public sealed class CaseStoreTests
{
    [Fact]
    public void Writing_the_same_events_twice_adds_nothing()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        var events = Enumerable.Range(0, 50).Select(i => CaseBuilder.Message(i, "hello world " + i)).ToList();
        CaseBuilder.Write(store, events);
        CaseBuilder.Write(store, events);
        Assert.Equal(50, store.CountEvents());
    }

    [Theory]
    [InlineData("b/copy.txt", "a/original.txt")]
    [InlineData("a/original.txt", "b/copy.txt")]
    public void The_same_content_at_two_paths_keeps_the_path_that_sorts_first_whatever_the_order(string firstWritten, string secondWritten)
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        var events = Enumerable.Range(0, 5).Select(i => CaseBuilder.Message(i, "same words " + i)).ToList();
        CaseBuilder.Write(store, events.Select(e => e with { Source = e.Source with { Path = firstWritten } }));
        CaseBuilder.Write(store, events.Select(e => e with { Source = e.Source with { Path = secondWritten } }));
        var stored = EventQueries.ReadAllOrdered(store, CancellationToken.None).ToList();
        Assert.Equal(5, stored.Count);
        Assert.All(stored, e => Assert.Equal("a/original.txt", e.Source.Path));
    }

    [Fact]
    public void A_case_made_with_an_FTS5_index_has_the_table_dropped_on_open()
    {
        using var dir = new TempDirectory();
        using (var store = CaseStore.Open(dir.Path, create: true))
        {
            CaseBuilder.Write(store, [CaseBuilder.Message(1, "before the upgrade")]);
        }

        using (var old = new SqliteConnection($"Data Source={Path.Combine(dir.Path, CaseStore.DatabaseFileName)};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "CREATE VIRTUAL TABLE events_fts USING fts5(text, subject, names, from_f, to_f, content='', contentless_delete=1)";
            create.ExecuteNonQuery();
        }

        using (CaseStore.Open(dir.Path, create: false))
        {
        }

        using var check = new SqliteConnection($"Data Source={Path.Combine(dir.Path, CaseStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name LIKE 'events_fts%'";
        Assert.Equal(0L, tables.ExecuteScalar());
    }

    [Fact]
    public void A_case_made_before_the_message_id_and_container_entry_columns_is_upgraded_and_takes_new_events()
    {
        using var dir = new TempDirectory();
        using (var store = CaseStore.Open(dir.Path, create: true))
        {
            CaseBuilder.Write(store, [CaseBuilder.Message(1, "before the upgrade")]);
        }

        // Reproduce the earlier schema: the same tables without the columns added since.
        using (var old = new SqliteConnection($"Data Source={Path.Combine(dir.Path, CaseStore.DatabaseFileName)};Pooling=False"))
        {
            old.Open();
            using var drop = old.CreateCommand();
            drop.CommandText = "ALTER TABLE events DROP COLUMN message_id; ALTER TABLE sources DROP COLUMN container_entry";
            drop.ExecuteNonQuery();
        }

        using (var upgraded = CaseStore.Open(dir.Path, create: false))
        {
            CaseBuilder.Write(upgraded, [CaseBuilder.Message(2, "after the upgrade") with { MessageId = "<m2@example.org>" }]);
            var events = EventQueries.ReadAllOrdered(upgraded, CancellationToken.None).ToList();
            Assert.Equal(["before the upgrade", "after the upgrade"], events.Select(e => e.Text));
            Assert.Equal([null, "<m2@example.org>"], events.Select(e => e.MessageId));
        }
    }

    [Fact]
    public void The_audit_log_is_append_only()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        store.AppendAudit("search", ["--case", dir.Path, "\"outside your house\""], "0.1.0", DateTimeOffset.UnixEpoch);
        var entry = Assert.Single(store.ReadAudit());
        Assert.Equal("search", entry.Command);
        Assert.Equal("\"outside your house\"", entry.Arguments[2]);
        using var update = store.Connection.CreateCommand();
        update.CommandText = "UPDATE audit SET command = 'nothing'";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        using var delete = store.Connection.CreateCommand();
        delete.CommandText = "DELETE FROM audit";
        Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery());
    }

    [Fact]
    public async Task A_completed_source_is_known_to_the_ledger_after_reopening()
    {
        using var dir = new TempDirectory();
        using (var store = CaseStore.Open(dir.Path, create: true))
        {
            CaseBuilder.Write(store, [CaseBuilder.Message(1, "x")]);
        }

        using var reopened = CaseStore.Open(dir.Path, create: false);
        using var writer = new SqliteCaseWriter(reopened);
        Assert.Equal(new EvidencePipe.Pipeline.CompletedSource("test", 0), await writer.CompletedAsync(CaseBuilder.Sha, "test.txt", CancellationToken.None));
        Assert.Null(await writer.CompletedAsync(CaseBuilder.Sha, "other.txt", CancellationToken.None));
    }

    [Fact]
    public async Task A_source_started_but_not_finished_is_not_complete()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        using var writer = new SqliteCaseWriter(store);
        var info = new SourceInfo("/e/a.xml", "a.xml", 10, CaseBuilder.Sha, "test");
        await writer.WriteBatchAsync([new SourceStarted(info)], CancellationToken.None);
        Assert.Null(await writer.CompletedAsync(CaseBuilder.Sha, "a.xml", CancellationToken.None));
        Assert.Equal("ingesting", Assert.Single(store.ReadSources()).Status);
    }

    [Fact]
    public void Opening_a_missing_case_without_create_fails_with_the_path()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<CaseNotFoundException>(() => CaseStore.Open(dir.Combine("nope"), create: false));
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 16: the hand-written tables kept the trunk zero after +44, so one mobile was stored as
    /// both tel:+4407700900666 and tel:+447700900666. Opening such a case (no normaliser recorded)
    /// re-normalises every stored identifier: one identifier remains, everywhere it is kept.
    /// </summary>
    [Fact]
    public void A_case_made_by_the_old_hand_written_normaliser_is_renormalised_on_open_so_one_number_is_one_identifier()
    {
        using var dir = new TempDirectory();
        using (var store = CaseStore.Open(dir.Path, create: true))
        {
            CaseBuilder.Write(store, [
                CaseBuilder.Message(1, "old form", from: "tel:+4407700900666", fromName: "Jordan"),
                CaseBuilder.Message(2, "new form", from: "tel:+447700900666"),
                CaseBuilder.Message(3, "sent", from: "tel:+447700900123", to: "tel:+4407700900666"),
            ]);
            store.SetMeta("owners", "[\"tel:+447700900123\"]");
            store.SetMeta("region", "GB");
        }

        // Make it look like a case from before this build: no normaliser recorded, no check column.
        using (var old = new SqliteConnection($"Data Source={Path.Combine(dir.Path, CaseStore.DatabaseFileName)};Pooling=False"))
        {
            old.Open();
            using var cmd = old.CreateCommand();
            cmd.CommandText = "DELETE FROM meta WHERE key = 'phone_normaliser'; ALTER TABLE identifiers DROP COLUMN phone_check";
            cmd.ExecuteNonQuery();
        }

        using (var upgraded = CaseStore.Open(dir.Path, create: false))
        {
            Assert.Equal("libphonenumber-csharp 9.0.43", upgraded.GetMeta("phone_normaliser"));
        }

        using var check = new SqliteConnection($"Data Source={Path.Combine(dir.Path, CaseStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        check.Open();
        Assert.Equal(["tel:+447700900123", "tel:+447700900666"], Column(check, "SELECT DISTINCT from_id FROM events ORDER BY 1"));
        Assert.Equal(["[\"tel:+447700900123\"]", "[\"tel:+447700900666\"]"], Column(check, "SELECT DISTINCT to_json FROM events ORDER BY 1"));
        Assert.Equal(["tel:+447700900123|possible", "tel:+447700900666|possible"], Column(check, "SELECT identifier || '|' || phone_check FROM identifiers ORDER BY 1"));
        Assert.Equal(["tel:+447700900666|Jordan"], Column(check, "SELECT identifier || '|' || name FROM identifier_names"));
        // The rows were rewritten in place, so the store revision is raised: the search index rebuilds on open.
        Assert.Equal(["1"], Column(check, "SELECT value FROM meta WHERE key = 'store_revision'"));
    }

    private static string[] Column(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return [.. list];
    }
}
