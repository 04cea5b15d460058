-- The update as a persisted state machine: the update row (optimistic version), one row per planned
-- deploy step, one per backup it needs, its timeline, and the deployment log.
ALTER TABLE update_request ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE update_request ADD COLUMN current_wave INTEGER NOT NULL DEFAULT 0;
ALTER TABLE update_request ADD COLUMN outcome TEXT;
ALTER TABLE update_request ADD COLUMN summary TEXT;
ALTER TABLE update_request ADD COLUMN completed_at TIMESTAMPTZ;
ALTER TABLE update_request ADD COLUMN cancel_requested_by TEXT;
ALTER TABLE update_request ADD COLUMN incident TEXT;
ALTER TABLE update_request ADD COLUMN awaiting_verification TEXT;
CREATE INDEX update_request_stack ON update_request (stack);

CREATE TABLE update_step (
    id                  BIGSERIAL PRIMARY KEY,
    update_id           TEXT        NOT NULL REFERENCES update_request (update_id),
    wave                INTEGER     NOT NULL,
    seq                 INTEGER     NOT NULL,
    host                TEXT        NOT NULL,
    service             TEXT        NOT NULL,
    tier                TEXT        NOT NULL,
    image               TEXT        NOT NULL,
    strategy            TEXT        NOT NULL,
    spec                TEXT        NOT NULL,
    migration           TEXT,
    state               TEXT        NOT NULL,
    compensate          BOOLEAN     NOT NULL DEFAULT FALSE,
    previous_image      TEXT,
    previous_digest     TEXT,
    digest              TEXT,
    rollback_event_id   TEXT,
    reason              TEXT,
    deadline            TIMESTAMPTZ,
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    UNIQUE (update_id, seq)
);
CREATE INDEX update_step_waiting ON update_step (deadline) WHERE deadline IS NOT NULL;

CREATE TABLE update_backup (
    id                  BIGSERIAL PRIMARY KEY,
    update_id           TEXT        NOT NULL REFERENCES update_request (update_id),
    wave                INTEGER     NOT NULL,
    host                TEXT        NOT NULL,
    service             TEXT        NOT NULL,
    kind                TEXT        NOT NULL,
    mode                TEXT        NOT NULL,
    container           TEXT        NOT NULL,
    image               TEXT        NOT NULL,
    restore_for_seq     INTEGER,
    state               TEXT        NOT NULL,
    backup_id           TEXT,
    object_key          TEXT,
    size_bytes          BIGINT,
    sha256              TEXT,
    reason              TEXT,
    deadline            TIMESTAMPTZ,
    UNIQUE (update_id, wave, host, service)
);

CREATE TABLE update_event (
    id          BIGSERIAL PRIMARY KEY,
    update_id   TEXT        NOT NULL REFERENCES update_request (update_id),
    at          TIMESTAMPTZ NOT NULL,
    type        TEXT        NOT NULL,
    host        TEXT,
    service     TEXT,
    detail      TEXT
);
CREATE INDEX update_event_update ON update_event (update_id, id);

-- What ran where: one row per release that ran on a host, from when to when, and who asked.
CREATE TABLE deployment (
    id            BIGSERIAL PRIMARY KEY,
    stack         TEXT        NOT NULL,
    environment   TEXT        NOT NULL,
    host          TEXT        NOT NULL,
    service       TEXT        NOT NULL,
    image         TEXT        NOT NULL,
    digest        TEXT,
    config_hash   TEXT        NOT NULL,
    update_id     TEXT        NOT NULL,
    requested_by  TEXT        NOT NULL,
    kind          TEXT        NOT NULL,
    known_good    BOOLEAN     NOT NULL DEFAULT FALSE,
    started_at    TIMESTAMPTZ NOT NULL,
    ended_at      TIMESTAMPTZ,
    verified_at   TIMESTAMPTZ
);
CREATE INDEX deployment_where ON deployment (stack, host, service, id);
ALTER TABLE update_request ADD COLUMN verification_deadline TIMESTAMPTZ;
-- The spec the release ran with (secret values sealed), so the next update starts from it.
ALTER TABLE deployment ADD COLUMN spec TEXT;
CREATE INDEX update_step_host ON update_step (update_id, wave, host);
CREATE INDEX update_backup_host ON update_backup (update_id, wave, host);
