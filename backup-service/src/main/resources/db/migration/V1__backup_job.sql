CREATE TABLE backup_job (
    event_id     TEXT PRIMARY KEY,
    update_id    TEXT        NOT NULL,
    stack        TEXT        NOT NULL,
    host         TEXT        NOT NULL,
    service      TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX backup_job_update ON backup_job (update_id);
