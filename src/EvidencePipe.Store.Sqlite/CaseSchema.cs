namespace EvidencePipe.Store.Sqlite;

/// <summary>The case database schema (one SQLite file per case directory).</summary>
internal static class CaseSchema
{
    public const int Version = 1;

    public const string Sql = """
        CREATE TABLE IF NOT EXISTS meta(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);

        -- The exhibit list: every file seen, hashed before parsing.
        CREATE TABLE IF NOT EXISTS sources(
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL,
            path TEXT NOT NULL,
            abs_path TEXT NOT NULL,
            container_entry TEXT,
            size INTEGER NOT NULL,
            format TEXT,
            status TEXT NOT NULL,
            records_read INTEGER NOT NULL DEFAULT 0,
            records_recovered INTEGER NOT NULL DEFAULT 0,
            records_skipped INTEGER NOT NULL DEFAULT 0,
            diagnostics INTEGER NOT NULL DEFAULT 0,
            first_seen_utc TEXT NOT NULL,
            completed_utc TEXT,
            UNIQUE(sha256, path));

        CREATE TABLE IF NOT EXISTS diagnostics(
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            locator TEXT NOT NULL,
            severity TEXT NOT NULL,
            reason TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS diagnostics_source ON diagnostics(source_id);

        CREATE TABLE IF NOT EXISTS events(
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            direction TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            time_offset_min INTEGER NOT NULL,
            time_basis TEXT NOT NULL,
            time_zone TEXT,
            time_anomaly TEXT,
            from_id TEXT,
            to_json TEXT NOT NULL,
            names_json TEXT NOT NULL,
            text TEXT,
            subject TEXT,
            duration_s INTEGER,
            call_status TEXT,
            attachments_json TEXT NOT NULL,
            geo_lat REAL,
            geo_lon REAL,
            thread TEXT,
            message_id TEXT,
            source_sha256 TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_format TEXT NOT NULL,
            locator TEXT NOT NULL);
        -- Only the indexes queries use: every index is another B-tree insert per event on the single
        -- writer. Time order ties are broken by id with a sort of the tied rows only ("USE TEMP B-TREE
        -- FOR RIGHT PART OF ORDER BY"), so the id need not be in the time index (cases made before
        -- this had events_time(time_ms, id) and events_from(from_id), which nothing read).
        DROP INDEX IF EXISTS events_from;
        DROP INDEX IF EXISTS events_time;
        CREATE INDEX IF NOT EXISTS events_time_ms ON events(time_ms);
        CREATE INDEX IF NOT EXISTS events_channel ON events(channel, time_ms);

        -- The full-text index is Lucene.Net beside this file (EvidencePipe.Index.Lucene), derived from
        -- these rows; cases made by earlier builds had an FTS5 table, dropped on open (CaseStore.Upgrade).
        DROP TABLE IF EXISTS events_fts;

        -- Attachment hashes, so a photo found on its own and the same photo sent in a message link up.
        CREATE TABLE IF NOT EXISTS attachment_hashes(
            sha256 TEXT NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY(sha256, event_id)) WITHOUT ROWID;

        -- phone_check (tel: only): valid | possible | impossible | short-code | alphanumeric, from libphonenumber
        -- (PhoneNormalizer.Check); the column is added by CaseStore.Upgrade so cases made before it take it too.
        CREATE TABLE IF NOT EXISTS identifiers(
            identifier TEXT PRIMARY KEY,
            scheme TEXT NOT NULL) WITHOUT ROWID;

        -- Where a display name for an identifier came from (record = seen in a message, address-book = vCard).
        CREATE TABLE IF NOT EXISTS identifier_names(
            identifier TEXT NOT NULL,
            name TEXT NOT NULL,
            basis TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            PRIMARY KEY(identifier, name, basis, source_sha256)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS contact_cards(
            id TEXT PRIMARY KEY,
            name TEXT,
            identifiers_json TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            source_path TEXT NOT NULL,
            locator TEXT NOT NULL) WITHOUT ROWID;

        -- Protective orders kept with the case (`orders add`), applied by contacts and report. Removal is
        -- recorded (removed_utc), never a deletion, so what a past run applied can still be read.
        CREATE TABLE IF NOT EXISTS orders(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            party TEXT NOT NULL,
            from_date TEXT NOT NULL,
            to_date TEXT,
            reference TEXT,
            conditions TEXT,
            added_utc TEXT NOT NULL,
            removed_utc TEXT);

        -- What each contacts/report run saw (`contacts --since-last`): the event high-water mark (row ids
        -- only grow, so later rows are the events added since) and each person's band, score and indicators.
        CREATE TABLE IF NOT EXISTS snapshots(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time_utc TEXT NOT NULL,
            command TEXT NOT NULL,
            event_high_water INTEGER NOT NULL,
            contacts_json TEXT NOT NULL);

        -- Append-only audit log of every command run against the case.
        CREATE TABLE IF NOT EXISTS audit(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time_utc TEXT NOT NULL,
            user TEXT NOT NULL,
            host TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            command TEXT NOT NULL,
            arguments_json TEXT NOT NULL);
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """;
}
