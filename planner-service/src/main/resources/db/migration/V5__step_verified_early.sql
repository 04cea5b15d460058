-- The monitor's release.verified can be read before the deploy.done it follows (two topics, read
-- by two consumers, e.g. from a backlog after a restart): the step keeps it until then.
ALTER TABLE update_step ADD COLUMN release_verified_early BOOLEAN NOT NULL DEFAULT FALSE;
