using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// The lab store's schema and roles (issue 20), created by <c>lab init</c> as the database owner. Every table
/// carries the case, so one database holds a unit's cases; the event columns are the SQLite case's, so both
/// engines give the same export. Three group roles (NOLOGIN; an administrator grants them to login users):
/// <see cref="WorkerRole"/> may add evidence and run jobs but never delete an event or rewrite the audit log;
/// <see cref="InvestigatorRole"/> may read and append audit rows (and run snapshots) only; <see cref="SupervisorRole"/>
/// is an investigator who may also add and remove a case's protective orders.
/// </summary>
public static class LabSchema
{
    public const string WorkerRole = "evidencepipe_worker";
    public const string InvestigatorRole = "evidencepipe_investigator";

    /// <summary>
    /// An investigator who may also keep protective orders with a case (<c>orders add|remove --store</c>): what the
    /// court ordered is an officer's record, neither a worker's (ingest) nor every reader's. It holds every
    /// <see cref="InvestigatorRole"/> privilege.
    /// </summary>
    public const string SupervisorRole = "evidencepipe_supervisor";

    public const string Sql = """
        CREATE TABLE IF NOT EXISTS cases(
            id serial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            created_utc timestamptz NOT NULL DEFAULT now(),
            created_by text NOT NULL DEFAULT current_user);

        CREATE TABLE IF NOT EXISTS case_meta(
            case_id int NOT NULL REFERENCES cases(id),
            key text NOT NULL,
            value text NOT NULL,
            PRIMARY KEY(case_id, key));

        -- The exhibit list, as in the SQLite case (CaseSchema): every file seen, hashed before parsing.
        CREATE TABLE IF NOT EXISTS sources(
            case_id int NOT NULL REFERENCES cases(id),
            sha256 text NOT NULL,
            path text NOT NULL,
            abs_path text NOT NULL,
            container_entry text,
            size bigint NOT NULL,
            format text,
            status text NOT NULL,
            records_read int NOT NULL DEFAULT 0,
            records_recovered int NOT NULL DEFAULT 0,
            records_skipped int NOT NULL DEFAULT 0,
            diagnostics int NOT NULL DEFAULT 0,
            first_seen_utc text NOT NULL,
            completed_utc text,
            PRIMARY KEY(case_id, sha256, path));

        CREATE TABLE IF NOT EXISTS diagnostics(
            case_id int NOT NULL,
            sha256 text NOT NULL,
            path text NOT NULL,
            locator text NOT NULL,
            severity text NOT NULL,
            reason text NOT NULL);
        CREATE INDEX IF NOT EXISTS diagnostics_source ON diagnostics(case_id, sha256, path);
        -- The order a reader reported its diagnostics in (the manifest lists them so, as the SQLite case's d.id).
        ALTER TABLE diagnostics ADD COLUMN IF NOT EXISTS seq bigint GENERATED ALWAYS AS IDENTITY;

        -- Events keyed by (case, deterministic id): a job redone after its worker died adds nothing twice.
        -- Ids and paths compare in "C" collation, i.e. ordinal, as the SQLite case orders them.
        CREATE TABLE IF NOT EXISTS events(
            case_id int NOT NULL REFERENCES cases(id),
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" NOT NULL,
            kind text NOT NULL,
            channel text NOT NULL,
            direction text NOT NULL,
            time_ms bigint NOT NULL,
            time_offset_min int NOT NULL,
            time_basis text NOT NULL,
            time_zone text,
            time_anomaly text,
            from_id text,
            to_json text NOT NULL,
            names_json text NOT NULL,
            text text,
            subject text,
            duration_s int,
            call_status text,
            attachments_json text NOT NULL,
            geo_lat double precision,
            geo_lon double precision,
            thread text,
            message_id text,
            source_sha256 text NOT NULL,
            source_path text COLLATE "C" NOT NULL,
            source_format text NOT NULL,
            locator text NOT NULL,
            PRIMARY KEY(case_id, id));
        CREATE INDEX IF NOT EXISTS events_time ON events(case_id, time_ms, id);

        CREATE TABLE IF NOT EXISTS attachment_hashes(
            case_id int NOT NULL,
            sha256 text COLLATE "C" NOT NULL,
            event_id text COLLATE "C" NOT NULL,
            PRIMARY KEY(case_id, sha256, event_id));

        -- The work queue: one job per source file (or per folder whose files an index names, e.g. an iOS backup).
        CREATE TABLE IF NOT EXISTS workers(
            id bigserial PRIMARY KEY,
            host text NOT NULL,
            pid int NOT NULL,
            db_user text NOT NULL DEFAULT current_user,
            started_utc timestamptz NOT NULL DEFAULT now(),
            heartbeat_utc timestamptz NOT NULL DEFAULT now(),
            stopped_utc timestamptz);

        CREATE TABLE IF NOT EXISTS jobs(
            id bigserial PRIMARY KEY,
            case_id int NOT NULL REFERENCES cases(id),
            absolute_path text NOT NULL,
            relative_path text NOT NULL,
            path_prefix text NOT NULL,
            size bigint NOT NULL,
            state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
            worker_id bigint REFERENCES workers(id),
            attempts int NOT NULL DEFAULT 0,
            lease_until timestamptz,
            events bigint,
            error text,
            submitted_utc timestamptz NOT NULL DEFAULT now(),
            submitted_by text NOT NULL DEFAULT current_user,
            started_utc timestamptz,
            finished_utc timestamptz,
            UNIQUE(case_id, absolute_path));
        CREATE INDEX IF NOT EXISTS jobs_open ON jobs(id) WHERE state IN ('queued', 'running');

        -- Append-only audit of every command run against the lab store, with the database user who ran it.
        CREATE TABLE IF NOT EXISTS audit(
            seq bigserial PRIMARY KEY,
            case_id int REFERENCES cases(id),
            time_utc timestamptz NOT NULL DEFAULT now(),
            db_user text NOT NULL DEFAULT current_user,
            os_user text NOT NULL,
            host text NOT NULL,
            tool_version text NOT NULL,
            command text NOT NULL,
            arguments_json text NOT NULL);

        -- Lab-wide settings (lab init --index-root: where the jobs' search indexes are kept).
        CREATE TABLE IF NOT EXISTS lab_settings(
            key text PRIMARY KEY,
            value text NOT NULL);

        -- Each finished job's own Lucene segment set, attached in the transaction that marks the job done
        -- (LabIndexes): dir is relative to the index root, seqs the event rows it holds (no two attached sets share one).
        CREATE TABLE IF NOT EXISTS case_indexes(
            id bigserial PRIMARY KEY,
            case_id int NOT NULL REFERENCES cases(id),
            job_id bigint REFERENCES jobs(id),
            dir text NOT NULL UNIQUE,
            docs bigint NOT NULL,
            seqs int8multirange NOT NULL,
            attached_utc timestamptz NOT NULL DEFAULT now(),
            attached_by text NOT NULL DEFAULT current_user);
        CREATE INDEX IF NOT EXISTS case_indexes_case ON case_indexes(case_id);
        -- A search reads its hits back by seq (an index document's row id); seqs only grow, so this btree is appended to.
        CREATE UNIQUE INDEX IF NOT EXISTS events_seq ON events(seq);

        -- What contacts, report and chronology read besides the events (issue 20, as the SQLite case's CaseSchema):
        -- display names seen for identifiers, contact cards, stored protective orders and each run's snapshot.
        CREATE TABLE IF NOT EXISTS identifier_names(
            case_id int NOT NULL REFERENCES cases(id),
            identifier text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            basis text COLLATE "C" NOT NULL,
            source_sha256 text NOT NULL,
            PRIMARY KEY(case_id, identifier, name, basis, source_sha256));

        CREATE TABLE IF NOT EXISTS contact_cards(
            case_id int NOT NULL REFERENCES cases(id),
            id text COLLATE "C" NOT NULL,
            name text,
            identifiers_json text NOT NULL,
            source_sha256 text NOT NULL,
            source_path text COLLATE "C" NOT NULL,
            locator text COLLATE "C" NOT NULL,
            PRIMARY KEY(case_id, id));

        -- Protective orders kept with the case (orders add), numbered per case as a local case numbers them; a
        -- removal is recorded (removed_utc, removed_by), never a deletion.
        CREATE TABLE IF NOT EXISTS orders(
            case_id int NOT NULL REFERENCES cases(id),
            id bigint NOT NULL,
            type text NOT NULL,
            party text NOT NULL,
            from_date text NOT NULL,
            to_date text,
            reference text,
            conditions text,
            added_utc text NOT NULL,
            added_by text NOT NULL DEFAULT current_user,
            removed_utc text,
            removed_by text,
            PRIMARY KEY(case_id, id));

        -- What each contacts/report run saw (contacts --since-last): numbered per case; event_high_water is the
        -- case's largest events.seq then.
        CREATE TABLE IF NOT EXISTS snapshots(
            case_id int NOT NULL REFERENCES cases(id),
            id bigint NOT NULL,
            time_utc text NOT NULL,
            command text NOT NULL,
            event_high_water bigint NOT NULL,
            contacts_json text NOT NULL,
            db_user text NOT NULL DEFAULT current_user,
            PRIMARY KEY(case_id, id));
        """;

    /// <summary>
    /// Least privilege, table by table (PostgreSQL 15 already gives PUBLIC no CREATE on the public schema, so
    /// neither role can change the schema). No role may UPDATE or DELETE the audit log or DELETE an event.
    /// </summary>
    private static readonly string Grants = $"""
        REVOKE ALL ON cases, case_meta, sources, diagnostics, events, attachment_hashes, workers, jobs, audit FROM PUBLIC;
        GRANT SELECT, INSERT ON cases TO {WorkerRole};
        GRANT SELECT, INSERT, UPDATE ON case_meta, sources, events, attachment_hashes, workers, jobs TO {WorkerRole};
        GRANT SELECT, INSERT, DELETE ON diagnostics TO {WorkerRole};
        GRANT SELECT, INSERT ON audit TO {WorkerRole};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {WorkerRole};
        GRANT SELECT ON cases, case_meta, sources, diagnostics, events, attachment_hashes, workers, jobs, audit TO {InvestigatorRole};
        GRANT INSERT ON audit TO {InvestigatorRole};
        GRANT USAGE ON SEQUENCE audit_seq_seq TO {InvestigatorRole};
        REVOKE ALL ON lab_settings, case_indexes FROM PUBLIC;
        GRANT SELECT ON lab_settings TO {WorkerRole}, {InvestigatorRole};
        GRANT SELECT, INSERT ON case_indexes TO {WorkerRole};
        GRANT SELECT ON case_indexes TO {InvestigatorRole};
        REVOKE ALL ON identifier_names, contact_cards, orders, snapshots FROM PUBLIC;
        GRANT SELECT, INSERT, UPDATE ON identifier_names, contact_cards TO {WorkerRole};
        GRANT SELECT ON identifier_names, contact_cards, orders TO {WorkerRole}, {InvestigatorRole};
        GRANT SELECT, INSERT ON snapshots TO {WorkerRole}, {InvestigatorRole};
        GRANT {InvestigatorRole} TO {SupervisorRole};
        GRANT SELECT, INSERT ON orders TO {SupervisorRole};
        GRANT UPDATE (removed_utc, removed_by) ON orders TO {SupervisorRole};
        """;

    /// <summary>The <c>lab_settings</c> key of the shared index root (<c>lab init --index-root DIR</c>).</summary>
    public const string IndexRootKey = "index_root";

    /// <summary>
    /// Creates (or completes) the schema and the two roles; run as the database owner. <paramref name="indexRoot"/>
    /// (an absolute path every workstation sees: a shared mount) is recorded for workers and searches.
    /// </summary>
    public static async Task InitAsync(StoreConnection store, CancellationToken cancellationToken, string? indexRoot = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var role in new[] { WorkerRole, InvestigatorRole, SupervisorRole })
        {
            // CREATE ROLE has no IF NOT EXISTS; roles are cluster-wide, so a second lab database reuses them. Two lab
            // databases initialised at once both see no role: the second CREATE waits for the first and then fails with
            // unique_violation (duplicate_object once committed), which means the role is there — what was wanted.
            await Execute(connection, $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$", cancellationToken).ConfigureAwait(false);
        }

        await Execute(connection, Sql, cancellationToken).ConfigureAwait(false);
        await Execute(connection, Grants, cancellationToken).ConfigureAwait(false);
        if (indexRoot is not null)
        {
            await using var cmd = new NpgsqlCommand("INSERT INTO lab_settings(key, value) VALUES(@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", connection);
            cmd.Parameters.AddWithValue("k", IndexRootKey);
            cmd.Parameters.AddWithValue("v", indexRoot);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
