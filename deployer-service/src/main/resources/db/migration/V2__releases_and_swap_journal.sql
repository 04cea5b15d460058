-- Releases: every version of a service that ran on this host, with the full spec to recreate it.
CREATE TABLE release (
    id             BIGSERIAL PRIMARY KEY,
    stack          TEXT        NOT NULL,
    host           TEXT        NOT NULL,
    service        TEXT        NOT NULL,
    container_name TEXT        NOT NULL,
    image          TEXT        NOT NULL,
    image_id       TEXT        NOT NULL,
    digest         TEXT        NOT NULL,
    spec           TEXT        NOT NULL,
    config_hash    TEXT        NOT NULL,
    update_id      TEXT,
    source         TEXT        NOT NULL,
    known_good     BOOLEAN     NOT NULL DEFAULT false,
    recorded_at    TIMESTAMPTZ NOT NULL,
    replaced_at    TIMESTAMPTZ
);
CREATE INDEX release_service ON release (stack, service, id DESC);

-- The swap journal: each job's phase is written before the phase runs, so that a restarted agent
-- knows where it stopped.
ALTER TABLE deploy_job ADD COLUMN kind TEXT NOT NULL DEFAULT 'DEPLOY';
ALTER TABLE deploy_job ADD COLUMN command TEXT;
ALTER TABLE deploy_job ADD COLUMN phase TEXT NOT NULL DEFAULT 'RECEIVED';
ALTER TABLE deploy_job ADD COLUMN container_name TEXT;
ALTER TABLE deploy_job ADD COLUMN previous_release_id BIGINT REFERENCES release (id);
ALTER TABLE deploy_job ADD COLUMN target_release_id BIGINT REFERENCES release (id);
ALTER TABLE deploy_job ADD COLUMN phase_millis TEXT;
ALTER TABLE deploy_job ADD COLUMN reason TEXT;
ALTER TABLE deploy_job ADD COLUMN finished_at TIMESTAMPTZ;
CREATE INDEX deploy_job_open ON deploy_job (requested_at) WHERE status IN ('PENDING', 'RUNNING');
ALTER TABLE deploy_job ADD COLUMN config_diff TEXT;
ALTER TABLE deploy_job ADD COLUMN target_image_id TEXT;
-- Rows from before the journal existed were only recorded, never acted on.
UPDATE deploy_job SET status = 'FAILED', reason = 'recorded before the deployer acted on commands'
 WHERE status = 'REQUESTED';
