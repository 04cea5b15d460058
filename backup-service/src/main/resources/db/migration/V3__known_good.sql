-- The last known-good release of each service (release.verified from the monitor): retention never
-- expires the newest verified backup taken while that release ran, the data to go back to with it.
CREATE TABLE known_good (
    stack       TEXT        NOT NULL,
    host        TEXT        NOT NULL,
    service     TEXT        NOT NULL,
    image       TEXT        NOT NULL,
    digest      TEXT        NOT NULL,
    verified_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (stack, host, service)
);
