CREATE TABLE update_request (
    update_id    TEXT PRIMARY KEY,
    request_id   TEXT        NOT NULL UNIQUE,
    stack        TEXT        NOT NULL,
    requested_by TEXT        NOT NULL,
    reason       TEXT,
    status       TEXT        NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL
);
