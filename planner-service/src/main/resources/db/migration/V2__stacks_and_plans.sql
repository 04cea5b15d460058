-- Stacks, versioned: every registration is a new version; the newest one is in force.
CREATE TABLE stack_version (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL,
    version      INTEGER     NOT NULL,
    compose      TEXT        NOT NULL,
    environment  TEXT        NOT NULL,
    hosts        TEXT        NOT NULL,
    profile      TEXT,
    variables    TEXT        NOT NULL,
    created_by   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (name, version)
);

-- An update's request, verdict and plan.
ALTER TABLE update_request ADD COLUMN environment TEXT;
ALTER TABLE update_request ADD COLUMN stack_version INTEGER;
ALTER TABLE update_request ADD COLUMN request TEXT;
ALTER TABLE update_request ADD COLUMN problems TEXT;
ALTER TABLE update_request ADD COLUMN plan TEXT;
ALTER TABLE update_request ADD COLUMN decided_at TIMESTAMPTZ;
