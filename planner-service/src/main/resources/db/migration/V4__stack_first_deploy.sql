-- A stack registered as not running anywhere yet: its first update creates the services.
ALTER TABLE stack_version ADD COLUMN first_deploy boolean NOT NULL DEFAULT false;
