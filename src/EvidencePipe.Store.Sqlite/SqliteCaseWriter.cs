using System.Globalization;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// The case's only writer: each call is one transaction over prepared statements. Events are
/// inserted with <c>INSERT OR IGNORE</c> on their deterministic id, so a source read again after an
/// interruption, or the same file under another name, adds nothing twice.
/// </summary>
public sealed class SqliteCaseWriter : ICaseWriter, ISourceLedger, IRecordPreparer, IDisposable
{
    private readonly CaseStore _store;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<(string Sha, string Path), CompletedSource> _completed;

    // The per-event statements run through the C API (RawStatement); the per-source ones are rare.
    private readonly RawStatement _insertEvent;
    private readonly RawStatement _existingPath;
    private readonly RawStatement _pathOfRow;
    private readonly RawStatement _replaceEvent;
    private readonly RawStatement _insertIdentifier;
    private readonly RawStatement _insertName;
    private readonly RawStatement _insertAttachmentHash;
    private readonly SqliteCommand _insertCard;
    private readonly SqliteCommand _startSource;
    private readonly SqliteCommand _clearDiagnostics;
    private readonly SqliteCommand _finishSource;
    private readonly SqliteCommand _insertDiagnostic;

    // Rows this writer has already put in the case (INSERT OR IGNORE would ignore them again): a case
    // has few identifiers and names but every event names them, so most of those inserts are skipped.
    // Cleared when a batch fails, since its transaction is rolled back.
    private readonly HashSet<string> _identifiersWritten = new(StringComparer.Ordinal);
    private readonly HashSet<(string Identifier, string Name, string Basis, string Sha)> _namesWritten = [];

    // Bulk load (the first ingest into an empty case): the unique id index is left out while the events go in
    // and built once at the end (Complete), because keeping it up to date costs the single writer more than
    // anything else at a million events — the ids are hashes, so each insert lands on a random page of a
    // B-tree bigger than the page cache, and every commit writes those pages to the log again (measured with
    // Python's sqlite3 on the 1M corpus: 22 s of CPU and 3.1 GB written with it, 9.8 s and 0.8 GB without,
    // 2.2 s to build it afterwards). Meanwhile this map is the uniqueness check: id → row.
    private Dictionary<UInt128, long>? _bulkIds;
    private Dictionary<string, long>? _bulkOtherIds;
    private readonly List<object> _bulkAddedInTransaction = [];

    /// <summary>
    /// Ids held in memory before the bulk load stops and the index is built (~36 bytes each, plus the dictionary's
    /// growth and SQLite's in-memory sort to build the index). At 4M a 10M-event ingest peaked at 1,033 MiB RSS, over
    /// the 1 GiB budget (scripts/bench.sh, 2026-12-05); 2M keeps a 1M-event device (the usual first ingest) in bulk.
    /// </summary>
    public const int BulkLoadLimit = 2_000_000;

    // Events written by the open transaction, handed to the sink once it commits.
    private readonly List<StoredEvent> _written = [];
    private readonly IStoredEventSink? _sink;
    private long _highWaterMark;

    /// <param name="sink">
    /// Receives every event this writer puts in the case, after its transaction commits, with the store's
    /// high-water mark (the full-text index, DESIGN.md "Architecture": derived data fed beside the store).
    /// </param>
    public SqliteCaseWriter(CaseStore store, Func<DateTimeOffset>? clock = null, IStoredEventSink? sink = null)
    {
        _store = store;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _sink = sink;
        _completed = LoadCompleted(store.Connection);
        _highWaterMark = EventQueries.HighWaterMark(store);
        var c = store.Connection;
        _insertEvent = new RawStatement(c, """
            INSERT OR IGNORE INTO events(id, kind, channel, direction, time_ms, time_offset_min, time_basis, time_zone, time_anomaly,
                from_id, to_json, names_json, text, subject, duration_s, call_status, attachments_json, geo_lat, geo_lon, thread,
                source_sha256, source_path, source_format, locator, message_id)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
            """);
        _existingPath = new RawStatement(c, "SELECT rowid, source_path FROM events WHERE id = ?1");
        _pathOfRow = new RawStatement(c, "SELECT rowid, source_path FROM events WHERE rowid = ?1");
        _replaceEvent = new RawStatement(c, """
            UPDATE events SET kind = ?2, channel = ?3, direction = ?4, time_ms = ?5, time_offset_min = ?6, time_basis = ?7, time_zone = ?8,
                time_anomaly = ?9, from_id = ?10, to_json = ?11, names_json = ?12, text = ?13, subject = ?14, duration_s = ?15,
                call_status = ?16, attachments_json = ?17, geo_lat = ?18, geo_lon = ?19, thread = ?20, source_sha256 = ?21,
                source_path = ?22, source_format = ?23, locator = ?24, message_id = ?25
            WHERE rowid = ?26 AND id = ?1
            """);
        _insertIdentifier = new RawStatement(c, "INSERT OR IGNORE INTO identifiers(identifier, scheme, phone_check) VALUES(?1, ?2, ?3)");
        _insertName = new RawStatement(c, "INSERT OR IGNORE INTO identifier_names(identifier, name, basis, source_sha256) VALUES(?1, ?2, ?3, ?4)");
        _insertAttachmentHash = new RawStatement(c, "INSERT OR IGNORE INTO attachment_hashes(sha256, event_id) VALUES(?1, ?2)");
        // Same content at two paths: keep the path that sorts first, whichever copy was written first.
        _insertCard = Prepare(c, """
            INSERT INTO contact_cards(id, name, identifiers_json, source_sha256, source_path, locator) VALUES($1, $2, $3, $4, $5, $6)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, identifiers_json = excluded.identifiers_json, source_path = excluded.source_path,
                locator = excluded.locator
            WHERE excluded.source_path < contact_cards.source_path
            """, 6);
        _startSource = Prepare(c, """
            INSERT INTO sources(sha256, path, abs_path, size, format, status, first_seen_utc, container_entry) VALUES($1, $2, $3, $4, $5, 'ingesting', $6, $7)
            ON CONFLICT(sha256, path) DO UPDATE SET abs_path = excluded.abs_path, format = excluded.format, status = 'ingesting',
                container_entry = excluded.container_entry
            """, 7);
        _clearDiagnostics = Prepare(c, "DELETE FROM diagnostics WHERE source_id = (SELECT id FROM sources WHERE sha256 = $1 AND path = $2)", 2);
        _finishSource = Prepare(c, """
            UPDATE sources SET status = $3, records_read = $4, records_recovered = $5, records_skipped = $6, diagnostics = $7, completed_utc = $8,
                format = coalesce($9, format)
            WHERE sha256 = $1 AND path = $2
            """, 9);
        _insertDiagnostic = Prepare(c, """
            INSERT INTO diagnostics(source_id, locator, severity, reason)
            VALUES((SELECT id FROM sources WHERE sha256 = $1 AND path = $2), $3, $4, $5)
            """, 5);
        if (EventQueries.HighWaterMark(store) == 0 && IsEmpty(c) && !HasInlineUniqueId(c))
        {
            // Nothing in the case yet, so every row this run adds is checked against the map alone.
            CaseStore.Execute(c, $"DROP INDEX IF EXISTS {CaseStore.IdIndex}");
            _bulkIds = [];
            _bulkOtherIds = new(StringComparer.Ordinal);
        }
        else
        {
            // Rows already there: INSERT OR IGNORE relies on the unique id index. An earlier writer on this same open
            // store may have bulk-loaded and stopped (cancelled) before building it; the index is made now, not at the
            // next open, so this run cannot add an event twice.
            CaseStore.EnsureIdIndex(c, null);
        }
    }

    /// <summary>Whether this writer is bulk-loading an empty case (the id index to be built by <see cref="Complete"/>).</summary>
    public bool IsBulkLoading => _bulkIds is not null;

    /// <summary>
    /// Ends a bulk load: builds the unique id index (one sort, <c>CREATE UNIQUE INDEX</c>) so later runs and
    /// readers find events by id. Called once the pipeline has written everything; a run killed before it leaves
    /// the index to the next open (<see cref="CaseStore"/>), so nothing depends on reaching it.
    /// </summary>
    public void Complete()
    {
        if (_bulkIds is null)
        {
            return;
        }

        FaultPoint.Hit(FaultPoint.BeforeIdIndex);
        CaseStore.Execute(_store.Connection, $"CREATE UNIQUE INDEX IF NOT EXISTS {CaseStore.IdIndex} ON events(id)");
        _bulkIds = null;
        _bulkOtherIds = null;
    }

    private static bool IsEmpty(Microsoft.Data.Sqlite.SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT NOT EXISTS(SELECT 1 FROM events)";
        return (long)cmd.ExecuteScalar()! == 1;
    }

    /// <summary>A case made before the id index had a name has SQLite's inline one, which cannot be dropped.</summary>
    private static bool HasInlineUniqueId(Microsoft.Data.Sqlite.SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM pragma_index_list('events') WHERE origin = 'u'";
        return (long)cmd.ExecuteScalar()! > 0;
    }

    public ValueTask<CompletedSource?> CompletedAsync(string sha256, string relativePath, CancellationToken cancellationToken)
    {
        lock (_completed)
        {
            return ValueTask.FromResult(_completed.GetValueOrDefault((sha256, relativePath)));
        }
    }

    public ValueTask<int> WriteBatchAsync(IReadOnlyList<WriteItem> items, CancellationToken cancellationToken)
    {
        var added = 0;
        var mark = _highWaterMark;
        if (_bulkIds is not null && _bulkIds.Count + _bulkOtherIds!.Count >= BulkLoadLimit)
        {
            Complete();
        }

        using (var tx = _store.Connection.BeginTransaction())
        {
            try
            {
                added = Apply(items, tx);
                FaultPoint.Hit(FaultPoint.BeforeCommit);
                tx.Commit();
                FaultPoint.Hit(FaultPoint.AfterCommit);
            }
            catch
            {
                _identifiersWritten.Clear();
                _namesWritten.Clear();
                _written.Clear();
                _highWaterMark = mark;
                ForgetBulkIds();
                throw;
            }
        }

        _bulkAddedInTransaction.Clear();

        if (_sink is not null && _written.Count > 0)
        {
            // Outside the transaction: the sink may wait for room (back-pressure from the indexer), never the database.
            _sink.Committed(_written.ToArray(), _highWaterMark);
        }

        _written.Clear();
        return ValueTask.FromResult(added);
    }

    /// <inheritdoc/>
    public object Prepare(IReadOnlyList<EvidenceRecord> records)
    {
        var rows = new EventRow?[records.Count];
        var cache = new EventRow.ColumnCache();
        List<RejectedRecord>? rejected = null;
        for (var i = 0; i < rows.Length; i++)
        {
            if (records[i] is not EventRecord e)
            {
                continue;
            }

            // One record that cannot be stored is one diagnostic, never the whole ingest (issue 19 item 7): a
            // reader bug or a hostile value must not abort the run, and a NOT NULL column left empty must not be
            // dropped silently by INSERT OR IGNORE either.
#pragma warning disable CA1031 // whatever a reader's record throws here, the run goes on without that record
            try
            {
                rows[i] = EventRow.Problem(e.Event) is { } problem
                    ? Reject(ref rejected, i, problem)
                    : EventRow.From(e.Event, cache);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Reject(ref rejected, i, $"record could not be prepared for the store: {ex.GetType().Name}: {ex.Message}");
            }
#pragma warning restore CA1031
        }

        return new PreparedRows(rows, rejected ?? []);
    }

    private static EventRow? Reject(ref List<RejectedRecord>? rejected, int index, string reason)
    {
        (rejected ??= []).Add(new RejectedRecord(index, reason));
        return null;
    }

    /// <summary>What <see cref="Prepare"/> made of a batch: a row per event record (null where rejected).</summary>
    private sealed record PreparedRows(EventRow?[] Rows, IReadOnlyList<RejectedRecord> Rejected) : IPreparedRecords;

    private int Apply(IReadOnlyList<WriteItem> items, SqliteTransaction tx)
    {
        var added = 0;
        var applied = 0;
        foreach (var item in items)
        {
            if (applied++ == items.Count / 2)
            {
                FaultPoint.Hit(FaultPoint.MidBatch);
            }

            switch (item)
            {
                case SourceStarted started:
                    Run(_startSource, tx, started.Source.Sha256, started.Source.RelativePath, started.Source.AbsolutePath,
                        started.Source.Length, started.Source.Format, Timestamp(), started.Source.ContainerEntry);
                    Run(_clearDiagnostics, tx, started.Source.Sha256, started.Source.RelativePath);
                    break;
                case RecordBatch batch:
                    // Prepared off this thread by the pipeline (IRecordPreparer), which awaited it already.
                    // A row the preparation rejected is skipped: the pipeline reports it as a diagnostic of its source.
                    var prepared = batch.Prepared is { IsCompletedSuccessfully: true } done ? (done.Result as PreparedRows)?.Rows : null;
                    for (var i = 0; i < batch.Records.Count; i++)
                    {
                        added += batch.Records[i] switch
                        {
                            EventRecord e when prepared is null => InsertEvent(EventRow.From(e.Event, new EventRow.ColumnCache())),
                            EventRecord => prepared[i] is { } row ? InsertEvent(row) : 0,
                            ContactRecord c => InsertCard(c.Card, tx),
                            _ => 0,
                        };
                    }

                    break;
                case SourceFinished finished:
                    Finish(finished, tx);
                    break;
            }
        }

        return added;
    }

    private void Finish(SourceFinished finished, SqliteTransaction tx)
    {
        var s = finished.Source;
        var o = finished.Outcome;
        var diagnostics = o.Diagnostics.Count + o.DiagnosticsSuppressed;
        foreach (var d in o.Diagnostics)
        {
            Run(_insertDiagnostic, tx, s.Sha256, s.RelativePath, d.Locator, Diagnostic.SeverityName(d.Severity), d.Reason);
        }

        if (o.DiagnosticsSuppressed > 0)
        {
            Run(_insertDiagnostic, tx, s.Sha256, s.RelativePath, "-", "note", $"{o.DiagnosticsSuppressed} further diagnostics not kept");
        }

        Run(_finishSource, tx, s.Sha256, s.RelativePath, SourceOutcome.StatusName(o.Status), o.RecordsRead, o.RecordsRecovered,
            o.RecordsSkipped, diagnostics, Timestamp(), s.Format);
        if (o.Status is not SourceStatus.Unreadable)
        {
            lock (_completed)
            {
                _completed[(s.Sha256, s.RelativePath)] = new CompletedSource(s.Format, diagnostics);
            }
        }
    }

    private int InsertEvent(EventRow row)
    {
        var e = row.Event;
        long rowid;
        var existing = BulkRowOf(e.Id);
        var added = existing is null ? row.ExecuteEvent(_insertEvent) : 0;
        if (added == 1)
        {
            rowid = _insertEvent.LastInsertRowId;
            _highWaterMark = Math.Max(_highWaterMark, rowid);
            RememberBulkId(e.Id, rowid);
        }
        else if (!ReplaceIfFirstPath(row, existing, out rowid))
        {
            return 0;
        }

        if (_sink is not null)
        {
            _written.Add(new StoredEvent(rowid, e));
        }

        if (e.From is not null)
        {
            AddIdentifier(e.From);
        }

        foreach (var to in e.To)
        {
            AddIdentifier(to);
        }

        foreach (var (identifier, name) in e.Names)
        {
            AddName(identifier, name, "record", e.Source.Sha256);
        }

        foreach (var attachment in e.Attachments)
        {
            if (attachment.Sha256 is { Length: > 0 } sha)
            {
                _insertAttachmentHash.Text(1, sha).Text(2, e.Id).Execute();
            }
        }

        return added;
    }

    /// <summary>
    /// The same content at two paths gives the same event ids. So that a case does not depend on
    /// which copy a worker reached first, the copy whose path sorts first (ordinal) is the one kept.
    /// </summary>
    private bool ReplaceIfFirstPath(EventRow row, long? bulkRow, out long rowid)
    {
        rowid = 0;
        bool replace;
        // During a bulk load the map knows the row (there is no id index to look it up by).
        var existing = bulkRow is { } r ? _pathOfRow.Int(1, r) : _existingPath.Text(1, row.Event.Id);
        try
        {
            replace = existing.Step() && string.CompareOrdinal(row.Event.Source.Path, existing.ColumnText(1)) < 0;
            if (replace)
            {
                rowid = existing.ColumnInt64(0);
            }
        }
        finally
        {
            existing.Reset();
        }

        if (!replace)
        {
            return false;
        }

        row.ExecuteEvent(_replaceEvent, rowid);
        return true;
    }

    private long? BulkRowOf(string id)
    {
        if (_bulkIds is null)
        {
            return null;
        }

        return TryHexId(id, out var key)
            ? (_bulkIds.TryGetValue(key, out var row) ? row : null)
            : (_bulkOtherIds!.TryGetValue(id, out var other) ? other : null);
    }

    private void RememberBulkId(string id, long rowid)
    {
        if (_bulkIds is null)
        {
            return;
        }

        if (TryHexId(id, out var key))
        {
            _bulkIds[key] = rowid;
            _bulkAddedInTransaction.Add(key);
        }
        else
        {
            _bulkOtherIds![id] = rowid;
            _bulkAddedInTransaction.Add(id);
        }
    }

    /// <summary>A rolled-back transaction's rows are not in the case, so the map must not claim them.</summary>
    private void ForgetBulkIds()
    {
        foreach (var key in _bulkAddedInTransaction)
        {
            _ = key is UInt128 hex ? _bulkIds?.Remove(hex) : _bulkOtherIds?.Remove((string)key);
        }

        _bulkAddedInTransaction.Clear();
    }

    /// <summary>Event ids are 32 lower-case hex digits (<see cref="Hashing.EventIds"/>): kept as 16 bytes, not a string.</summary>
    private static bool TryHexId(string id, out UInt128 key)
    {
        key = 0;
        if (id.Length != 32)
        {
            return false;
        }

        foreach (var ch in id)
        {
            if (!char.IsAsciiHexDigitLower(ch) && !char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return UInt128.TryParse(id, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out key);
    }

    private int InsertCard(ContactCard card, SqliteTransaction tx)
    {
        Run(_insertCard, tx, Hashing.EventIds.For(card.Source.Sha256, card.Source.Locator), card.Name,
            StoredJson.Identifiers(card.Identifiers), card.Source.Sha256, card.Source.Path, card.Source.Locator);
        foreach (var identifier in card.Identifiers)
        {
            AddIdentifier(identifier);
            if (!string.IsNullOrWhiteSpace(card.Name))
            {
                AddName(identifier, card.Name, "address-book", card.Source.Sha256);
            }
        }

        return 0;
    }

    private void AddIdentifier(string identifier)
    {
        if (_identifiersWritten.Add(identifier))
        {
            var colon = identifier.IndexOf(':', StringComparison.Ordinal);
            _insertIdentifier.Text(1, identifier).Text(2, colon > 0 ? identifier[..colon] : "unknown").Text(3, Identifiers.PhoneNormalizer.Check(identifier)).Execute();
        }
    }

    private void AddName(string identifier, string name, string basis, string sourceSha256)
    {
        if (_namesWritten.Add((identifier, name, basis, sourceSha256)))
        {
            _insertName.Text(1, identifier).Text(2, name).Text(3, basis).Text(4, sourceSha256).Execute();
        }
    }

    private string Timestamp() => _clock().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<(string, string), CompletedSource> LoadCompleted(SqliteConnection connection)
    {
        var map = new Dictionary<(string, string), CompletedSource>();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sha256, path, diagnostics, format FROM sources WHERE status IN ('complete', 'partial', 'unsupported', 'container')";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            map[(r.GetString(0), r.GetString(1))] = new CompletedSource(r.IsDBNull(3) ? null : r.GetString(3), r.GetInt32(2));
        }

        return map;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, int parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            cmd.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        return cmd;
    }

    private static int Run(SqliteCommand cmd, SqliteTransaction tx, params object?[] values)
    {
        cmd.Transaction = tx;
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_bulkIds is not null)
        {
            try
            {
                // A caller that never called Complete (a test, a benchmark) still leaves a case with its id index.
                Complete();
            }
            catch (SqliteException)
            {
                // The store failed (full, damaged): the next open builds the index (CaseStore.EnsureIdIndex).
            }
        }

        _insertEvent.Dispose();
        _existingPath.Dispose();
        _pathOfRow.Dispose();
        _replaceEvent.Dispose();
        _insertIdentifier.Dispose();
        _insertName.Dispose();
        _insertCard.Dispose();
        _insertAttachmentHash.Dispose();
        _startSource.Dispose();
        _clearDiagnostics.Dispose();
        _finishSource.Dispose();
        _insertDiagnostic.Dispose();
    }
}

/// <summary>An event as stored: its row id in <c>events</c> (ascending in insertion order) and the event.</summary>
public sealed record StoredEvent(long RowId, Model.CommunicationEvent Event);

/// <summary>Receives what the writer committed, in commit order, on the writer's thread: it must only hand the work on.</summary>
public interface IStoredEventSink
{
    /// <param name="events">Events inserted or replaced by the committed transaction.</param>
    /// <param name="highWaterMark">The largest event row id in the store once it committed.</param>
    void Committed(IReadOnlyList<StoredEvent> events, long highWaterMark);
}
