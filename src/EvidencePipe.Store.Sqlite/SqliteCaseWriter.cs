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
public sealed class SqliteCaseWriter : ICaseWriter, ISourceLedger, IDisposable
{
    private readonly CaseStore _store;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<(string Sha, string Path), CompletedSource> _completed;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertFts;
    private readonly SqliteCommand _existingPath;
    private readonly SqliteCommand _replaceEvent;
    private readonly SqliteCommand _deleteFts;
    private readonly SqliteCommand _insertIdentifier;
    private readonly SqliteCommand _insertName;
    private readonly SqliteCommand _insertCard;
    private readonly SqliteCommand _insertAttachmentHash;
    private readonly SqliteCommand _startSource;
    private readonly SqliteCommand _clearDiagnostics;
    private readonly SqliteCommand _finishSource;
    private readonly SqliteCommand _insertDiagnostic;

    public SqliteCaseWriter(CaseStore store, Func<DateTimeOffset>? clock = null)
    {
        _store = store;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _completed = LoadCompleted(store.Connection);
        var c = store.Connection;
        _insertEvent = Prepare(c, """
            INSERT OR IGNORE INTO events(id, kind, channel, direction, time_ms, time_offset_min, time_basis, time_zone, time_anomaly,
                from_id, to_json, names_json, text, subject, duration_s, call_status, attachments_json, geo_lat, geo_lon, thread,
                source_sha256, source_path, source_format, locator, message_id)
            VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
            """, 25);
        _insertFts = Prepare(c, "INSERT INTO events_fts(rowid, text, subject, names, from_f, to_f) VALUES($1, $2, $3, $4, $5, $6)", 6);
        _existingPath = Prepare(c, "SELECT rowid, source_path FROM events WHERE id = $1", 1);
        _replaceEvent = Prepare(c, """
            UPDATE events SET kind = $2, channel = $3, direction = $4, time_ms = $5, time_offset_min = $6, time_basis = $7, time_zone = $8,
                time_anomaly = $9, from_id = $10, to_json = $11, names_json = $12, text = $13, subject = $14, duration_s = $15,
                call_status = $16, attachments_json = $17, geo_lat = $18, geo_lon = $19, thread = $20, source_sha256 = $21,
                source_path = $22, source_format = $23, locator = $24, message_id = $25
            WHERE id = $1
            """, 25);
        _deleteFts = Prepare(c, "DELETE FROM events_fts WHERE rowid = $1", 1);
        _insertIdentifier = Prepare(c, "INSERT OR IGNORE INTO identifiers(identifier, scheme) VALUES($1, $2)", 2);
        _insertName = Prepare(c, "INSERT OR IGNORE INTO identifier_names(identifier, name, basis, source_sha256) VALUES($1, $2, $3, $4)", 4);
        // Same content at two paths: keep the path that sorts first, whichever copy was written first.
        _insertCard = Prepare(c, """
            INSERT INTO contact_cards(id, name, identifiers_json, source_sha256, source_path, locator) VALUES($1, $2, $3, $4, $5, $6)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, identifiers_json = excluded.identifiers_json, source_path = excluded.source_path,
                locator = excluded.locator
            WHERE excluded.source_path < contact_cards.source_path
            """, 6);
        _insertAttachmentHash = Prepare(c, "INSERT OR IGNORE INTO attachment_hashes(sha256, event_id) VALUES($1, $2)", 2);
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
        using var tx = _store.Connection.BeginTransaction();
        foreach (var item in items)
        {
            switch (item)
            {
                case SourceStarted started:
                    Run(_startSource, tx, started.Source.Sha256, started.Source.RelativePath, started.Source.AbsolutePath,
                        started.Source.Length, started.Source.Format, Timestamp(), started.Source.ContainerEntry);
                    Run(_clearDiagnostics, tx, started.Source.Sha256, started.Source.RelativePath);
                    break;
                case RecordBatch batch:
                    foreach (var record in batch.Records)
                    {
                        added += record switch
                        {
                            EventRecord e => InsertEvent(e.Event, tx),
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

        tx.Commit();
        return ValueTask.FromResult(added);
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

    private int InsertEvent(CommunicationEvent e, SqliteTransaction tx)
    {
        var t = e.Time;
        object?[] values =
        [
            e.Id, ModelNames.Of(e.Kind), e.Channel, ModelNames.Of(e.Direction), t.UnixMilliseconds, (int)t.Offset.TotalMinutes,
            t.BasisName, t.Zone, t.AnomalyName, e.From, StoredJson.Identifiers(e.To), StoredJson.Names(e.Names), e.Text, e.Subject,
            e.DurationSeconds, ModelNames.Of(e.CallStatus), StoredJson.Attachments(e.Attachments), e.Geo?.Latitude, e.Geo?.Longitude,
            e.ThreadId, e.Source.Sha256, e.Source.Path, e.Source.Format, e.Source.Locator, e.MessageId,
        ];
        long rowid;
        var added = Run(_insertEvent, tx, values);
        if (added == 1)
        {
            rowid = LastRowId(tx);
        }
        else if (!ReplaceIfFirstPath(e, values, tx, out rowid))
        {
            return 0;
        }

        Run(_insertFts, tx, rowid, e.Text, e.Subject, string.Join(' ', e.Names.Values), Party(e.From, e.Names), Parties(e.To, e.Names));
        if (e.From is not null)
        {
            AddIdentifier(e.From, tx);
        }

        foreach (var to in e.To)
        {
            AddIdentifier(to, tx);
        }

        foreach (var (identifier, name) in e.Names)
        {
            Run(_insertName, tx, identifier, name, "record", e.Source.Sha256);
        }

        foreach (var attachment in e.Attachments)
        {
            if (attachment.Sha256 is { Length: > 0 } sha)
            {
                Run(_insertAttachmentHash, tx, sha, e.Id);
            }
        }

        return added;
    }

    /// <summary>
    /// The same content at two paths gives the same event ids. So that a case does not depend on
    /// which copy a worker reached first, the copy whose path sorts first (ordinal) is the one kept.
    /// </summary>
    private bool ReplaceIfFirstPath(CommunicationEvent e, object?[] values, SqliteTransaction tx, out long rowid)
    {
        _existingPath.Transaction = tx;
        _existingPath.Parameters[0].Value = e.Id;
        using (var r = _existingPath.ExecuteReader())
        {
            if (!r.Read() || string.CompareOrdinal(e.Source.Path, r.GetString(1)) >= 0)
            {
                rowid = 0;
                return false;
            }

            rowid = r.GetInt64(0);
        }

        Run(_replaceEvent, tx, values);
        Run(_deleteFts, tx, rowid);
        return true;
    }

    private int InsertCard(ContactCard card, SqliteTransaction tx)
    {
        Run(_insertCard, tx, Hashing.EventIds.For(card.Source.Sha256, card.Source.Locator), card.Name,
            StoredJson.Identifiers(card.Identifiers), card.Source.Sha256, card.Source.Path, card.Source.Locator);
        foreach (var identifier in card.Identifiers)
        {
            AddIdentifier(identifier, tx);
            if (!string.IsNullOrWhiteSpace(card.Name))
            {
                Run(_insertName, tx, identifier, card.Name, "address-book", card.Source.Sha256);
            }
        }

        return 0;
    }

    private void AddIdentifier(string identifier, SqliteTransaction tx)
    {
        var colon = identifier.IndexOf(':', StringComparison.Ordinal);
        Run(_insertIdentifier, tx, identifier, colon > 0 ? identifier[..colon] : "unknown");
    }

    /// <summary>The identifier and its display name as FTS text, so <c>from:</c> matches either.</summary>
    private static string? Party(string? identifier, IReadOnlyDictionary<string, string> names) =>
        identifier is null ? null : names.TryGetValue(identifier, out var name) ? identifier + " " + name : identifier;

    private static string Parties(IReadOnlyList<string> identifiers, IReadOnlyDictionary<string, string> names)
    {
        var sb = new StringBuilder();
        foreach (var id in identifiers)
        {
            sb.Append(Party(id, names)).Append(' ');
        }

        return sb.ToString();
    }

    private long LastRowId(SqliteTransaction tx)
    {
        using var cmd = _store.Connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT last_insert_rowid()";
        return (long)cmd.ExecuteScalar()!;
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
        _insertEvent.Dispose();
        _insertFts.Dispose();
        _existingPath.Dispose();
        _replaceEvent.Dispose();
        _deleteFts.Dispose();
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
