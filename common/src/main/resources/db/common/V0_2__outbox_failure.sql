-- An event Kafka refuses for good (e.g. larger than the broker takes) is set aside with the reason
-- instead of blocking every event behind it.
ALTER TABLE outbox_event ADD COLUMN failure TEXT;
