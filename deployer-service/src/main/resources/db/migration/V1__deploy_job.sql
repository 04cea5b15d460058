CREATE TABLE deploy_job (
    event_id     TEXT PRIMARY KEY,
    update_id    TEXT        NOT NULL,
    stack        TEXT        NOT NULL,
    host         TEXT        NOT NULL,
    service      TEXT        NOT NULL,
    image        TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX deploy_job_update ON deploy_job (update_id);
