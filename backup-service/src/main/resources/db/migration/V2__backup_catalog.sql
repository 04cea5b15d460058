-- The catalog: one row per backup, its object in S3 and what it captured.
CREATE TABLE backup (
    id           TEXT PRIMARY KEY,
    update_id    TEXT        NOT NULL,
    stack        TEXT        NOT NULL,
    host         TEXT        NOT NULL,
    service      TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    mode         TEXT        NOT NULL,
    container    TEXT        NOT NULL,
    image        TEXT        NOT NULL,
    image_id     TEXT,
    -- Postgres: the database and user the dump came from (a scratch instance is made with the same).
    db_name      TEXT,
    db_user      TEXT,
    object_key   TEXT        NOT NULL,
    size_bytes   BIGINT,
    sha256       TEXT,
    -- JSON: tables and row counts, or file count and bytes, or collections and point counts.
    captured     TEXT,
    -- JSON: per-file checksums of a volume archive (what the restore is compared with).
    files        TEXT,
    -- kafka (part of an update: kept while the update is in flight) or api (on demand).
    requested_by TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    failed_check TEXT,
    reason       TEXT,
    evidence     TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    verified_at  TIMESTAMPTZ,
    expired_at   TIMESTAMPTZ
);
CREATE INDEX backup_service ON backup (stack, service, host, created_at DESC);
CREATE INDEX backup_update ON backup (update_id);

-- Every check of every verification run, passed or not, so a drill leaves a record too.
CREATE TABLE backup_check (
    id         BIGSERIAL PRIMARY KEY,
    backup_id  TEXT        NOT NULL REFERENCES backup (id),
    check_name TEXT        NOT NULL,
    passed     BOOLEAN     NOT NULL,
    detail     TEXT,
    checked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX backup_check_backup ON backup_check (backup_id, id);

-- Updates that ended (update.completed): backups of any other update are still in flight.
CREATE TABLE update_end (
    update_id  TEXT PRIMARY KEY,
    outcome    TEXT        NOT NULL,
    ended_at   TIMESTAMPTZ NOT NULL
);

-- Jobs: a backup or a restore queued by a consumer, run by the worker.
ALTER TABLE backup_job ADD COLUMN job_type TEXT NOT NULL DEFAULT 'BACKUP';
ALTER TABLE backup_job ADD COLUMN container TEXT;
ALTER TABLE backup_job ADD COLUMN image TEXT;
ALTER TABLE backup_job ADD COLUMN mode TEXT;
ALTER TABLE backup_job ADD COLUMN backup_id TEXT;
ALTER TABLE backup_job ADD COLUMN reason TEXT;
ALTER TABLE backup_job ADD COLUMN finished_at TIMESTAMPTZ;
CREATE INDEX backup_job_pending ON backup_job (requested_at) WHERE status = 'REQUESTED';
