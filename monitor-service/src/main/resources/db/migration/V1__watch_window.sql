CREATE TABLE watch_window (
    event_id   TEXT PRIMARY KEY,
    update_id  TEXT        NOT NULL,
    stack      TEXT        NOT NULL,
    host       TEXT        NOT NULL,
    service    TEXT        NOT NULL,
    digest     TEXT        NOT NULL,
    status     TEXT        NOT NULL,
    opened_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX watch_window_update ON watch_window (update_id);
