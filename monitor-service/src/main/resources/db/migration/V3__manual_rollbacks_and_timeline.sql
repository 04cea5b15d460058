-- How an incident was detected (by the monitor's criteria, or by an operator's manual rollback)
-- and who asked; the dashboard's timeline of every update's events; webhook deliveries.
ALTER TABLE incident ADD COLUMN detected_by TEXT NOT NULL DEFAULT 'monitor';
ALTER TABLE incident ADD COLUMN requested_by TEXT;

CREATE TABLE timeline_event (
    event_id    TEXT PRIMARY KEY,
    update_id   TEXT        NOT NULL,
    stack       TEXT        NOT NULL,
    host        TEXT,
    topic       TEXT        NOT NULL,
    summary     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX timeline_event_update ON timeline_event (update_id, occurred_at);
CREATE INDEX timeline_event_recent ON timeline_event (occurred_at DESC);

CREATE TABLE webhook_delivery (
    id           BIGSERIAL PRIMARY KEY,
    event_id     TEXT        NOT NULL,
    url          TEXT        NOT NULL,
    body         TEXT        NOT NULL,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    next_at      TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ,
    failed_at    TIMESTAMPTZ,
    last_error   TEXT,
    UNIQUE (event_id, url)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
