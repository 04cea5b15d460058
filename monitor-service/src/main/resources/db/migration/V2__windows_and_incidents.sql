-- A watch window per deploy (or per rollback, to confirm the symptom stopped), with the running
-- state of its criteria so that a restarted monitor picks up where it was.
ALTER TABLE watch_window ADD COLUMN kind TEXT NOT NULL DEFAULT 'DEPLOY';
ALTER TABLE watch_window ADD COLUMN container_name TEXT;
ALTER TABLE watch_window ADD COLUMN image TEXT;
ALTER TABLE watch_window ADD COLUMN previous_image TEXT;
ALTER TABLE watch_window ADD COLUMN previous_digest TEXT;
ALTER TABLE watch_window ADD COLUMN ends_at TIMESTAMPTZ;
ALTER TABLE watch_window ADD COLUMN next_check_at TIMESTAMPTZ;
ALTER TABLE watch_window ADD COLUMN checks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE watch_window ADD COLUMN consecutive_unhealthy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE watch_window ADD COLUMN restart_baseline INTEGER;
ALTER TABLE watch_window ADD COLUMN logs_since TIMESTAMPTZ;
ALTER TABLE watch_window ADD COLUMN error_lines INTEGER NOT NULL DEFAULT 0;
ALTER TABLE watch_window ADD COLUMN latency_p50 DOUBLE PRECISION;
ALTER TABLE watch_window ADD COLUMN latency_p95 DOUBLE PRECISION;
ALTER TABLE watch_window ADD COLUMN latency_p99 DOUBLE PRECISION;
ALTER TABLE watch_window ADD COLUMN criterion TEXT;
ALTER TABLE watch_window ADD COLUMN evidence TEXT;
ALTER TABLE watch_window ADD COLUMN incident_id BIGINT;
ALTER TABLE watch_window ADD COLUMN closed_at TIMESTAMPTZ;
CREATE INDEX watch_window_open ON watch_window (next_check_at) WHERE status = 'OPEN';

CREATE TABLE incident (
    id                   BIGSERIAL PRIMARY KEY,
    update_id            TEXT        NOT NULL,
    stack                TEXT        NOT NULL,
    host                 TEXT        NOT NULL,
    service              TEXT        NOT NULL,
    from_digest          TEXT,
    to_digest            TEXT,
    criterion            TEXT        NOT NULL,
    evidence             TEXT,
    detected_at          TIMESTAMPTZ NOT NULL,
    rollback_started_at  TIMESTAMPTZ,
    rollback_done_at     TIMESTAMPTZ,
    verified             BOOLEAN,
    verified_at          TIMESTAMPTZ,
    detection_millis     BIGINT,
    rollback_millis      BIGINT
);
CREATE INDEX incident_service ON incident (stack, host, service, id DESC);
