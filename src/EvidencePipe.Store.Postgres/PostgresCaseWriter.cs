using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// A case's writer in the lab store: each batch is one transaction. Events go in with binary COPY into a
/// temporary table, then one INSERT … ON CONFLICT on the case's deterministic event ids, so a job redone after
/// its worker was killed, or the same file under another name, adds nothing twice; of two copies of the same
/// content the path that sorts first (ordinal) is kept, as <see cref="SqliteCaseWriter"/> keeps it.
/// A job ingests one file of a folder submitted whole, so the pipeline sees the file as its own root: the writer
/// puts the folder part back (<c>pathPrefix</c>) so every path is what a local ingest of the folder records.
/// </summary>
public sealed class PostgresCaseWriter : ICaseWriter, ISourceLedger, IAsyncDisposable
{
    private const string StagingColumns = """
        id, kind, channel, direction, time_ms, time_offset_min, time_basis, time_zone, time_anomaly, from_id, to_json, names_json,
        text, subject, duration_s, call_status, attachments_json, geo_lat, geo_lon, thread, message_id, source_sha256, source_path,
        source_format, locator
        """;

    private readonly NpgsqlConnection _connection;
    private readonly int _caseId;
    private readonly string _prefix;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<(string Sha, string Path), CompletedSource> _completed;
    private readonly Action<IReadOnlyList<(long Seq, CommunicationEvent Event)>>? _stored;
    private readonly List<(long Seq, CommunicationEvent Event)> _batchStored = [];

    private PostgresCaseWriter(
        NpgsqlConnection connection, int caseId, string prefix, Func<DateTimeOffset> clock, Dictionary<(string, string), CompletedSource> completed,
        Action<IReadOnlyList<(long Seq, CommunicationEvent Event)>>? stored)
    {
        _connection = connection;
        _caseId = caseId;
        _prefix = prefix;
        _clock = clock;
        _completed = completed;
        _stored = stored;
    }

    /// <param name="stored">
    /// Told after each commit which rows the batch now holds (its store <c>seq</c> and the event as stored): every event
    /// inserted, or rewritten because this path sorts first or equal — the rows a lab job indexes. When given, no source
    /// is skipped as already complete (a re-run job must see all its events again to index them).
    /// </param>
    public static async Task<PostgresCaseWriter> OpenAsync(
        StoreConnection store, int caseId, string pathPrefix, CancellationToken cancellationToken, Func<DateTimeOffset>? clock = null,
        Action<IReadOnlyList<(long Seq, CommunicationEvent Event)>>? stored = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var connection = new NpgsqlConnection(store.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await LabSchema.Execute(connection, $"""
                CREATE TEMP TABLE IF NOT EXISTS staging_events(
                    id text COLLATE "C", kind text, channel text, direction text, time_ms bigint, time_offset_min int, time_basis text,
                    time_zone text, time_anomaly text, from_id text, to_json text, names_json text, text text, subject text, duration_s int,
                    call_status text, attachments_json text, geo_lat double precision, geo_lon double precision, thread text, message_id text,
                    source_sha256 text, source_path text COLLATE "C", source_format text, locator text) ON COMMIT DELETE ROWS
                """, cancellationToken).ConfigureAwait(false);
            var completed = new Dictionary<(string, string), CompletedSource>();
            await using (var cmd = new NpgsqlCommand("SELECT sha256, path, diagnostics, format FROM sources WHERE case_id = @c AND status IN ('complete', 'partial', 'unsupported', 'container') AND @skip", connection))
            {
                cmd.Parameters.AddWithValue("skip", stored is null);
                cmd.Parameters.AddWithValue("c", caseId);
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    completed[(r.GetString(0), r.GetString(1))] = new CompletedSource(r.IsDBNull(3) ? null : r.GetString(3), r.GetInt32(2));
                }
            }

            return new PostgresCaseWriter(connection, caseId, pathPrefix, clock ?? (() => DateTimeOffset.UtcNow), completed, stored);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask<CompletedSource?> CompletedAsync(string sha256, string relativePath, CancellationToken cancellationToken)
    {
        lock (_completed)
        {
            return ValueTask.FromResult(_completed.GetValueOrDefault((sha256, _prefix + relativePath)));
        }
    }

    public async ValueTask<int> WriteBatchAsync(IReadOnlyList<WriteItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        // The writer is not cancelled mid-transaction (IngestPipeline): a batch it was handed is committed whole.
        var token = CancellationToken.None;
        var finished = new List<(string Sha, string Path, CompletedSource Completed)>();
        await using var tx = await _connection.BeginTransactionAsync(token).ConfigureAwait(false);
        _batchStored.Clear();
        var events = new List<CommunicationEvent>();
        var cards = new List<ContactCard>();
        var added = 0;
        var applied = 0;
        foreach (var item in items)
        {
            if (applied++ == items.Count / 2)
            {
                added += await FlushEventsAsync(events, token).ConfigureAwait(false);
                FaultPoint.Hit(FaultPoint.MidBatch);
            }

            switch (item)
            {
                case SourceStarted started:
                    added += await FlushEventsAsync(events, token).ConfigureAwait(false);
                    await StartSourceAsync(started.Source, token).ConfigureAwait(false);
                    break;
                case RecordBatch batch:
                    foreach (var record in batch.Records)
                    {
                        if (record is EventRecord e)
                        {
                            events.Add(_prefix.Length == 0 ? e.Event : e.Event with { Source = e.Event.Source with { Path = _prefix + e.Event.Source.Path } });
                        }
                        else if (record is ContactRecord c)
                        {
                            cards.Add(_prefix.Length == 0 ? c.Card : c.Card with { Source = c.Card.Source with { Path = _prefix + c.Card.Source.Path } });
                        }
                    }

                    break;
                case SourceFinished done:
                    added += await FlushEventsAsync(events, token).ConfigureAwait(false);
                    if (await FinishSourceAsync(done, token).ConfigureAwait(false) is { } completed)
                    {
                        finished.Add(completed);
                    }

                    break;
            }
        }

        added += await FlushEventsAsync(events, token).ConfigureAwait(false);
        await WriteCardsAsync(cards, token).ConfigureAwait(false);
        FaultPoint.Hit(FaultPoint.BeforeCommit);
        await tx.CommitAsync(token).ConfigureAwait(false);
        FaultPoint.Hit(FaultPoint.AfterCommit);
        if (_stored is not null && _batchStored.Count > 0)
        {
            _stored(_batchStored.ToList());
        }

        _batchStored.Clear();
        lock (_completed)
        {
            foreach (var (sha, path, completed) in finished)
            {
                _completed[(sha, path)] = completed;
            }
        }

        return added;
    }

    private async Task<int> FlushEventsAsync(List<CommunicationEvent> events, CancellationToken token)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        // Binary COPY (the fastest way rows reach PostgreSQL) into the session's staging table …
        await using (var importer = await _connection.BeginBinaryImportAsync($"COPY staging_events({StagingColumns}) FROM STDIN (FORMAT BINARY)", token).ConfigureAwait(false))
        {
            foreach (var e in events)
            {
                await WriteRowAsync(importer, e, token).ConfigureAwait(false);
            }

            await importer.CompleteAsync(token).ConfigureAwait(false);
        }

        // … then one statement moves them in, in id order (two jobs sharing events lock rows in the same order, so
        // they cannot deadlock), keeping the ordinally-first path of an event met twice.
        var added = 0;
        await using (var cmd = new NpgsqlCommand($"""
            WITH ins AS (
                INSERT INTO events(case_id, {StagingColumns})
                SELECT @c, * FROM (SELECT DISTINCT ON (id) {StagingColumns} FROM staging_events ORDER BY id, source_path) s ORDER BY id
                ON CONFLICT (case_id, id) DO UPDATE SET kind = excluded.kind, channel = excluded.channel, direction = excluded.direction,
                    time_ms = excluded.time_ms, time_offset_min = excluded.time_offset_min, time_basis = excluded.time_basis,
                    time_zone = excluded.time_zone, time_anomaly = excluded.time_anomaly, from_id = excluded.from_id, to_json = excluded.to_json,
                    names_json = excluded.names_json, text = excluded.text, subject = excluded.subject, duration_s = excluded.duration_s,
                    call_status = excluded.call_status, attachments_json = excluded.attachments_json, geo_lat = excluded.geo_lat,
                    geo_lon = excluded.geo_lon, thread = excluded.thread, message_id = excluded.message_id,
                    source_sha256 = excluded.source_sha256, source_path = excluded.source_path, source_format = excluded.source_format,
                    locator = excluded.locator
                WHERE excluded.source_path < events.source_path OR (@rewrite AND excluded.source_path = events.source_path)
                RETURNING (xmax = 0) AS inserted, seq, id)
            {(_stored is null ? "SELECT count(*) FILTER (WHERE inserted), 0, '' FROM ins" : "SELECT count(*) FILTER (WHERE inserted) OVER (), seq, id FROM ins")}
            """, _connection))
        {
            // A job that indexes rewrites its own rows (same path) when it is re-run, so they come back with their seq.
            cmd.Parameters.AddWithValue("c", _caseId);
            cmd.Parameters.AddWithValue("rewrite", _stored is not null);
            Dictionary<string, CommunicationEvent>? byId = null;
            if (_stored is not null)
            {
                // As DISTINCT ON (id) … ORDER BY id, source_path: of an id met twice, the ordinally-first path went in.
                byId = new Dictionary<string, CommunicationEvent>(events.Count, StringComparer.Ordinal);
                foreach (var e in events)
                {
                    if (!byId.TryGetValue(e.Id, out var seen) || string.CompareOrdinal(e.Source.Path, seen.Source.Path) < 0)
                    {
                        byId[e.Id] = e;
                    }
                }
            }

            await using var r = await cmd.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await r.ReadAsync(token).ConfigureAwait(false))
            {
                added = (int)r.GetInt64(0);
                if (byId is not null)
                {
                    _batchStored.Add((r.GetInt64(1), byId[r.GetString(2)]));
                }
            }
        }

        var shas = new List<string>();
        var ids = new List<string>();
        foreach (var e in events)
        {
            foreach (var a in e.Attachments)
            {
                if (a.Sha256 is { Length: > 0 } sha)
                {
                    shas.Add(sha);
                    ids.Add(e.Id);
                }
            }
        }

        if (shas.Count > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO attachment_hashes(case_id, sha256, event_id)
                SELECT DISTINCT @c, s, i FROM unnest(@s, @i) AS t(s, i) ORDER BY 2, 3
                ON CONFLICT DO NOTHING
                """, _connection);
            cmd.Parameters.AddWithValue("c", _caseId);
            cmd.Parameters.AddWithValue("s", shas.ToArray());
            cmd.Parameters.AddWithValue("i", ids.ToArray());
            await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }

        // The display names the events carry (basis "record"), from each copy that is now the stored one — as
        // SqliteCaseWriter records them for the events it inserts or rewrites; in key order, so two jobs cannot deadlock.
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO identifier_names(case_id, identifier, name, basis, source_sha256)
            SELECT DISTINCT @c, kv.key, kv.value, 'record', s.source_sha256
            FROM staging_events s
            JOIN events e ON e.case_id = @c AND e.id = s.id AND e.source_path = s.source_path
            CROSS JOIN LATERAL json_each_text(s.names_json::json) kv
            WHERE s.names_json <> '{}'
            ORDER BY 2, 3, 5
            ON CONFLICT DO NOTHING
            """, _connection))
        {
            cmd.Parameters.AddWithValue("c", _caseId);
            await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }

        await LabSchema.Execute(_connection, "TRUNCATE staging_events", token).ConfigureAwait(false);
        events.Clear();
        return added;
    }

    /// <summary>
    /// Contact cards (vCard, address books) and the names they give their identifiers (basis "address-book"), as
    /// <see cref="SqliteCaseWriter"/> keeps them: one card per id (source and locator), the ordinally-first path kept.
    /// </summary>
    private async Task WriteCardsAsync(List<ContactCard> cards, CancellationToken token)
    {
        if (cards.Count == 0)
        {
            return;
        }

        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO contact_cards(case_id, id, name, identifiers_json, source_sha256, source_path, locator)
            SELECT @c, i, n, j, s, p, l FROM (
                SELECT DISTINCT ON (i) i, n, j, s, p, l FROM unnest(@i, @n, @j, @s, @p, @l) AS t(i, n, j, s, p, l) ORDER BY i, p COLLATE "C") u
            ORDER BY i
            ON CONFLICT (case_id, id) DO UPDATE SET name = excluded.name, identifiers_json = excluded.identifiers_json,
                source_path = excluded.source_path, locator = excluded.locator
            WHERE excluded.source_path < contact_cards.source_path
            """, _connection))
        {
            cmd.Parameters.AddWithValue("c", _caseId);
            cmd.Parameters.AddWithValue("i", cards.Select(c => Hashing.EventIds.For(c.Source.Sha256, c.Source.Locator)).ToArray());
            cmd.Parameters.AddWithValue("n", NpgsqlDbType.Array | NpgsqlDbType.Text, cards.Select(c => c.Name).ToArray());
            cmd.Parameters.AddWithValue("j", cards.Select(c => StoredJson.Identifiers(c.Identifiers)).ToArray());
            cmd.Parameters.AddWithValue("s", cards.Select(c => c.Source.Sha256).ToArray());
            cmd.Parameters.AddWithValue("p", cards.Select(c => c.Source.Path).ToArray());
            cmd.Parameters.AddWithValue("l", cards.Select(c => c.Source.Locator).ToArray());
            await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }

        var names = cards.Where(c => !string.IsNullOrWhiteSpace(c.Name))
            .SelectMany(c => c.Identifiers.Select(i => (Identifier: i, Name: c.Name!, Sha: c.Source.Sha256)))
            .ToList();
        if (names.Count == 0)
        {
            return;
        }

        await using var insert = new NpgsqlCommand("""
            INSERT INTO identifier_names(case_id, identifier, name, basis, source_sha256)
            SELECT DISTINCT @c, i, n, 'address-book', s FROM unnest(@i, @n, @s) AS t(i, n, s)
            ORDER BY 2, 3, 5
            ON CONFLICT DO NOTHING
            """, _connection);
        insert.Parameters.AddWithValue("c", _caseId);
        insert.Parameters.AddWithValue("i", names.Select(n => n.Identifier).ToArray());
        insert.Parameters.AddWithValue("n", names.Select(n => n.Name).ToArray());
        insert.Parameters.AddWithValue("s", names.Select(n => n.Sha).ToArray());
        await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter w, CommunicationEvent e, CancellationToken token)
    {
        var t = e.Time;
        await w.StartRowAsync(token).ConfigureAwait(false);
        await Text(w, e.Id, token).ConfigureAwait(false);
        await Text(w, ModelNames.Of(e.Kind), token).ConfigureAwait(false);
        await Text(w, e.Channel, token).ConfigureAwait(false);
        await Text(w, ModelNames.Of(e.Direction), token).ConfigureAwait(false);
        await w.WriteAsync(t.UnixMilliseconds, NpgsqlDbType.Bigint, token).ConfigureAwait(false);
        await w.WriteAsync((int)t.Offset.TotalMinutes, NpgsqlDbType.Integer, token).ConfigureAwait(false);
        await Text(w, t.BasisName, token).ConfigureAwait(false);
        await Text(w, t.Zone, token).ConfigureAwait(false);
        await Text(w, t.AnomalyName, token).ConfigureAwait(false);
        await Text(w, e.From, token).ConfigureAwait(false);
        await Text(w, StoredJson.Identifiers(e.To), token).ConfigureAwait(false);
        await Text(w, e.Names.Count == 0 ? "{}" : StoredJson.Names(e.Names), token).ConfigureAwait(false);
        await Text(w, e.Text, token).ConfigureAwait(false);
        await Text(w, e.Subject, token).ConfigureAwait(false);
        await Nullable(w, e.DurationSeconds, NpgsqlDbType.Integer, token).ConfigureAwait(false);
        await Text(w, ModelNames.Of(e.CallStatus), token).ConfigureAwait(false);
        await Text(w, e.Attachments.Count == 0 ? "[]" : StoredJson.Attachments(e.Attachments), token).ConfigureAwait(false);
        await Nullable(w, e.Geo?.Latitude, NpgsqlDbType.Double, token).ConfigureAwait(false);
        await Nullable(w, e.Geo?.Longitude, NpgsqlDbType.Double, token).ConfigureAwait(false);
        await Text(w, e.ThreadId, token).ConfigureAwait(false);
        await Text(w, e.MessageId, token).ConfigureAwait(false);
        await Text(w, e.Source.Sha256, token).ConfigureAwait(false);
        await Text(w, e.Source.Path, token).ConfigureAwait(false);
        await Text(w, e.Source.Format, token).ConfigureAwait(false);
        await Text(w, e.Source.Locator, token).ConfigureAwait(false);
    }

    private static Task Text(NpgsqlBinaryImporter w, string? value, CancellationToken token) =>
        value is null ? w.WriteNullAsync(token) : w.WriteAsync(value, NpgsqlDbType.Text, token);

    private static Task Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken token)
        where T : struct =>
        value is { } v ? w.WriteAsync(v, type, token) : w.WriteNullAsync(token);

    private async Task StartSourceAsync(SourceInfo s, CancellationToken token)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO sources(case_id, sha256, path, abs_path, size, format, status, first_seen_utc, container_entry)
            VALUES(@c, @sha, @p, @abs, @size, @fmt, 'ingesting', @t, @entry)
            ON CONFLICT (case_id, sha256, path) DO UPDATE SET abs_path = excluded.abs_path, format = excluded.format, status = 'ingesting',
                container_entry = excluded.container_entry;
            DELETE FROM diagnostics WHERE case_id = @c AND sha256 = @sha AND path = @p;
            """, _connection);
        cmd.Parameters.AddWithValue("c", _caseId);
        cmd.Parameters.AddWithValue("sha", s.Sha256);
        cmd.Parameters.AddWithValue("p", _prefix + s.RelativePath);
        cmd.Parameters.AddWithValue("abs", s.AbsolutePath);
        cmd.Parameters.AddWithValue("size", s.Length);
        cmd.Parameters.AddWithValue("fmt", (object?)s.Format ?? DBNull.Value);
        cmd.Parameters.AddWithValue("t", Timestamp());
        cmd.Parameters.AddWithValue("entry", (object?)s.ContainerEntry ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
    }

    private async Task<(string, string, CompletedSource)?> FinishSourceAsync(SourceFinished finished, CancellationToken token)
    {
        var s = finished.Source;
        var o = finished.Outcome;
        var path = _prefix + s.RelativePath;
        var diagnostics = o.Diagnostics.Count + o.DiagnosticsSuppressed;
        var rows = o.Diagnostics.Select(d => (d.Locator, Diagnostic.SeverityName(d.Severity), d.Reason)).ToList();
        if (o.DiagnosticsSuppressed > 0)
        {
            rows.Add(("-", "note", $"{o.DiagnosticsSuppressed} further diagnostics not kept"));
        }

        await using var cmd = new NpgsqlCommand("""
            INSERT INTO diagnostics(case_id, sha256, path, locator, severity, reason) SELECT @c, @sha, @p, l, s, r FROM unnest(@l, @s, @r) WITH ORDINALITY AS t(l, s, r, n) ORDER BY n;
            UPDATE sources SET status = @st, records_read = @rr, records_recovered = @rc, records_skipped = @rs, diagnostics = @d, completed_utc = @t,
                format = coalesce(@fmt, format)
            WHERE case_id = @c AND sha256 = @sha AND path = @p;
            """, _connection);
        cmd.Parameters.AddWithValue("c", _caseId);
        cmd.Parameters.AddWithValue("sha", s.Sha256);
        cmd.Parameters.AddWithValue("p", path);
        cmd.Parameters.AddWithValue("l", rows.Select(r => r.Item1).ToArray());
        cmd.Parameters.AddWithValue("s", rows.Select(r => r.Item2).ToArray());
        cmd.Parameters.AddWithValue("r", rows.Select(r => r.Item3).ToArray());
        cmd.Parameters.AddWithValue("st", SourceOutcome.StatusName(o.Status));
        cmd.Parameters.AddWithValue("rr", o.RecordsRead);
        cmd.Parameters.AddWithValue("rc", o.RecordsRecovered);
        cmd.Parameters.AddWithValue("rs", o.RecordsSkipped);
        cmd.Parameters.AddWithValue("d", diagnostics);
        cmd.Parameters.AddWithValue("t", Timestamp());
        cmd.Parameters.AddWithValue("fmt", (object?)s.Format ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        return o.Status is SourceStatus.Unreadable ? null : (s.Sha256, path, new CompletedSource(s.Format, diagnostics));
    }

    private string Timestamp() => _clock().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
