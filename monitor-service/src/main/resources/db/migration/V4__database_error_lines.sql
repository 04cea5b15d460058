-- Database-connection error lines are their own rollback criterion, counted apart from the
-- error lines over the window.
ALTER TABLE watch_window ADD COLUMN database_error_lines INTEGER NOT NULL DEFAULT 0;
