using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite.Tests;

public sealed class SqliteCaseWriterTests
{
    private static readonly SourceInfo Info = new("/evidence/test.txt", "test.txt", 1, CaseBuilder.Sha, "test");

    [Fact]
    public async Task A_batch_prepared_off_the_writer_thread_is_stored_exactly_as_an_unprepared_one()
    {
        var events = Enumerable.Range(0, 40)
            .Select(i => CaseBuilder.Message(i, i % 3 == 0 ? "naïve café ☕ " + i : "outside your house " + i, fromName: i % 2 == 0 ? "Jordan Blake" : null,
                to: i % 5 == 0 ? null : "tel:+447700900123"))
            .Select(e => e.Text!.StartsWith("naïve", StringComparison.Ordinal)
                ? e with { Attachments = [new Attachment("p.jpg", "image/jpeg", 10, new string('c', 64))], Geo = new GeoPoint(51.5, -0.12), Subject = "Re: ☕" }
                : e)
            .ToList();

        using var plainDir = new TempDirectory();
        using var preparedDir = new TempDirectory();
        await WriteAsync(plainDir.Path, events, prepare: false);
        await WriteAsync(preparedDir.Path, events, prepare: true);

        Assert.Equal(Dump(plainDir.Path), Dump(preparedDir.Path));
        using var store = CaseStore.Open(preparedDir.Path, create: false);
        var stored = EventQueries.ReadAllOrdered(store, CancellationToken.None).ToList();
        Assert.Equal(40, stored.Count);
        var withPhoto = Assert.Single(stored, e => e.Id == events[3].Id);
        Assert.Equal("naïve café ☕ 3", withPhoto.Text);
        Assert.Equal("Re: ☕", withPhoto.Subject);
        Assert.Equal(new string('c', 64), Assert.Single(withPhoto.Attachments).Sha256);
    }

    [Fact]
    public async Task Identifiers_and_names_are_stored_once_however_many_events_name_them()
    {
        using var dir = new TempDirectory();
        var events = Enumerable.Range(0, 30).Select(i => CaseBuilder.Message(i, "hello " + i, fromName: "Jordan Blake")).ToList();
        await WriteAsync(dir.Path, events.Take(10).ToList(), prepare: true);
        await WriteAsync(dir.Path, events, prepare: true);

        Assert.Equal(["tel:+447700900123", "tel:+447700900666"], Rows(dir.Path, "SELECT identifier FROM identifiers ORDER BY identifier"));
        Assert.Equal(["tel:+447700900666|Jordan Blake|record"], Rows(dir.Path, "SELECT identifier || '|' || name || '|' || basis FROM identifier_names"));
    }

    [Fact]
    public async Task A_batch_that_fails_is_rolled_back_and_the_next_batch_still_records_its_identifiers()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        using var writer = new SqliteCaseWriter(store);
        var first = CaseBuilder.Message(1, "first", from: "tel:+447700900777");

        // A finished source that was never started has no sources row: the diagnostic insert fails.
        var orphan = new SourceInfo("/evidence/none.txt", "none.txt", 1, new string('d', 64), "test");
        var failing = new SourceOutcome(SourceStatus.Complete, 1, 0, 0, [new Diagnostic("none.txt", "line 1", DiagnosticSeverity.Note, "a note")], 0);
        await Assert.ThrowsAsync<SqliteException>(async () => await writer.WriteBatchAsync(
            [new SourceStarted(Info), new RecordBatch(Info, [new EventRecord(first)]), new SourceFinished(orphan, failing)], CancellationToken.None));
        Assert.Equal(0, store.CountEvents());

        await writer.WriteBatchAsync([new SourceStarted(Info), new RecordBatch(Info, [new EventRecord(first)])], CancellationToken.None);
        Assert.Equal(1, store.CountEvents());
        Assert.Contains("tel:+447700900777", Rows(dir.Path, "SELECT identifier FROM identifiers"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_row_without_a_value_after_a_row_with_one_stores_null_not_the_value_before(bool prepare)
    {
        using var dir = new TempDirectory();
        var full = CaseBuilder.Message(1, "has everything") with
        {
            Subject = "Re: tonight",
            ThreadId = "thread-7",
            MessageId = "<m1@example.org>",
            Geo = new GeoPoint(51.5, -0.12),
            DurationSeconds = 42,
            CallStatus = CallStatus.Answered,
            Time = EventTime.FromExplicit(new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero)) with { Zone = "Europe/London" },
        };
        var empty = CaseBuilder.Message(2, "x") with { Text = null, From = null };
        var again = CaseBuilder.Message(3, "x") with { Text = null, From = null };

        // One batch (rows bound one after another on the same statement) and a second batch after it.
        await WriteAsync(dir.Path, [full, empty], prepare);
        await WriteAsync(dir.Path, [again], prepare);

        const string Nullable = "SELECT coalesce(text, 'NULL') || '|' || coalesce(from_id, 'NULL') || '|' || coalesce(subject, 'NULL') || '|' || coalesce(thread, 'NULL') || '|' || " +
            "coalesce(message_id, 'NULL') || '|' || coalesce(geo_lat, 'NULL') || '|' || coalesce(duration_s, 'NULL') || '|' || coalesce(call_status, 'NULL') || '|' || coalesce(time_zone, 'NULL') " +
            "FROM events ORDER BY locator";
        Assert.Equal(
            [
                "has everything|tel:+447700900666|Re: tonight|thread-7|<m1@example.org>|51.5|42|answered|Europe/London",
                "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
            ],
            Rows(dir.Path, Nullable));
    }

    [Fact]
    public async Task A_record_missing_a_required_column_or_failing_to_serialise_is_rejected_by_preparation_and_skipped_by_the_writer()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        using var writer = new SqliteCaseWriter(store);
        var records = new List<EvidenceRecord>
        {
            new EventRecord(CaseBuilder.Message(1, "kept")),
            new EventRecord(CaseBuilder.Message(2, "no channel") with { Channel = null! }),
            new EventRecord(CaseBuilder.Message(3, "bad attachment") with { Attachments = [null!] }),
            new EventRecord(CaseBuilder.Message(4, "kept too")),
        };

        var prepared = writer.Prepare(records);
        var rejected = Assert.IsAssignableFrom<IPreparedRecords>(prepared).Rejected;
        Assert.Equal([1, 2], rejected.Select(r => r.Index));
        Assert.Equal("record has no channel", rejected[0].Reason);
        Assert.StartsWith("record could not be prepared for the store: NullReferenceException", rejected[1].Reason, StringComparison.Ordinal);

        await writer.WriteBatchAsync([new SourceStarted(Info), new RecordBatch(Info, records) { Prepared = Task.FromResult(prepared) }], CancellationToken.None);
        Assert.Equal(["kept", "kept too"], Rows(dir.Path, "SELECT text FROM events ORDER BY rowid"));
    }

    [Fact]
    public async Task A_first_ingest_into_an_empty_case_dedupes_without_the_id_index_and_ends_with_it_built_storing_what_the_indexed_path_stores()
    {
        // The same events written twice: into an empty case (bulk load: no id index until Complete) and into a case
        // that already holds one event (INSERT OR IGNORE on SQLite's unique index). Duplicates within a batch, across
        // batches and from a second path that sorts first (a.txt < test.txt, so that copy's path is kept) must end alike.
        var other = new SourceInfo("/evidence/a.txt", "a.txt", 1, CaseBuilder.Sha, "test");
        var events = Enumerable.Range(0, 12).Select(i => CaseBuilder.Message(i, "hello " + i)).ToList();
        var fromA = events[4] with { Source = events[4].Source with { Path = "a.txt" } };
        List<WriteItem>[] batches =
        [
            [new SourceStarted(Info), new RecordBatch(Info, [.. events.Take(6).Select(e => new EventRecord(e)), new EventRecord(events[2])])],
            [new RecordBatch(Info, [.. events.Skip(3).Select(e => new EventRecord(e))])],
            [new SourceStarted(other), new RecordBatch(other, [new EventRecord(fromA), new EventRecord(events[7])])],
        ];

        using var bulkDir = new TempDirectory();
        using (var store = CaseStore.Open(bulkDir.Path, create: true))
        using (var writer = new SqliteCaseWriter(store))
        {
            Assert.True(writer.IsBulkLoading);
            foreach (var batch in batches)
            {
                await writer.WriteBatchAsync(batch, CancellationToken.None);
            }

            Assert.Empty(Rows(bulkDir.Path, "SELECT name FROM pragma_index_list('events') WHERE \"unique\" = 1"));
            writer.Complete();
            Assert.False(writer.IsBulkLoading);
        }

        using var indexedDir = new TempDirectory();
        var earlier = CaseBuilder.Message(100, "already here");
        await WriteAsync(indexedDir.Path, [earlier], prepare: false);
        using (var store = CaseStore.Open(indexedDir.Path, create: false))
        using (var writer = new SqliteCaseWriter(store))
        {
            Assert.False(writer.IsBulkLoading);
            foreach (var batch in batches)
            {
                await writer.WriteBatchAsync(batch, CancellationToken.None);
            }
        }

        const string Stored = "SELECT id || '|' || source_path || '|' || text FROM events ORDER BY id";
        var bulk = Rows(bulkDir.Path, Stored);
        Assert.Equal(Rows(indexedDir.Path, Stored).Where(r => !r.StartsWith(earlier.Id, StringComparison.Ordinal)), bulk);
        Assert.Equal(events.Select(e => e.Id).Distinct().Count(), bulk.Count);
        Assert.Contains($"{events[4].Id}|a.txt|hello 4", bulk);
        Assert.Equal(["id"], Rows(bulkDir.Path, "SELECT i.name FROM pragma_index_list('events') AS l, pragma_index_info(l.name) AS i WHERE l.\"unique\" = 1"));
    }

    [Fact]
    public async Task A_writer_after_a_bulk_load_that_stopped_before_its_id_index_adds_no_event_twice()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        var events = Enumerable.Range(0, 5).Select(i => CaseBuilder.Message(i, "hello " + i)).ToList();
        List<WriteItem> batch = [new SourceStarted(Info), new RecordBatch(Info, [.. events.Select(e => new EventRecord(e))])];

        // The first writer bulk-loads and is abandoned, neither completed nor disposed (a cancelled run in-process).
        var first = new SqliteCaseWriter(store);
        Assert.True(first.IsBulkLoading);
        await first.WriteBatchAsync(batch, CancellationToken.None);
        Assert.Empty(Rows(dir.Path, "SELECT name FROM pragma_index_list('events') WHERE \"unique\" = 1"));

        using (var second = new SqliteCaseWriter(store))
        {
            Assert.False(second.IsBulkLoading);
            await second.WriteBatchAsync(batch, CancellationToken.None);
        }

        Assert.Equal(["5"], Rows(dir.Path, "SELECT count(*) || '' FROM events"));
        Assert.Equal(["id"], Rows(dir.Path, "SELECT i.name FROM pragma_index_list('events') AS l, pragma_index_info(l.name) AS i WHERE l.\"unique\" = 1"));
    }

    private static async Task WriteAsync(string caseDir, IReadOnlyList<CommunicationEvent> events, bool prepare)
    {
        using var store = CaseStore.Open(caseDir, create: true);
        using var writer = new SqliteCaseWriter(store);
        var records = events.Select(e => (EvidenceRecord)new EventRecord(e)).ToList();
        var batch = prepare ? new RecordBatch(Info, records) { Prepared = Task.FromResult(writer.Prepare(records)) } : new RecordBatch(Info, records);
        await writer.WriteBatchAsync([new SourceStarted(Info), batch], CancellationToken.None);
    }

    private static string Dump(string caseDir) => string.Join('\n', Rows(caseDir, "SELECT * FROM events ORDER BY rowid"));

    private static List<string> Rows(string caseDir, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(caseDir, CaseStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
