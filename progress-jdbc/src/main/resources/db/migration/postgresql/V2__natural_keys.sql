-- Progress schema, version 2, for PostgreSQL 12+: natural keys instead of random UUIDs.
-- Applied by dev.progress.jdbc.ProgressSchema (which upgrades a version-1 database in place, keeping its data),
-- or by Flyway/Liquibase from db/migration/postgresql after V1__progress_schema.sql.
--
-- An event is identified by its user and its position in the user's log (seq), a snapshot by its user, key and
-- the user version that wrote it; the UUID columns nothing read are dropped, with their indexes. Every primary
-- and unique key still starts with user_id (Citus). Dropping a column rewrites nothing; adding each primary key
-- builds one index, under an exclusive lock of its table for that time.

ALTER TABLE progress_events
  DROP CONSTRAINT progress_events_pk,
  DROP CONSTRAINT progress_events_seq_uk,
  DROP COLUMN id,
  ADD CONSTRAINT progress_events_seq_pk PRIMARY KEY (user_id, seq);

ALTER TABLE progress_snapshots
  DROP CONSTRAINT progress_snapshots_pk,
  DROP CONSTRAINT progress_snapshots_key_uk,
  DROP COLUMN id,
  ADD CONSTRAINT progress_snapshots_key_pk PRIMARY KEY (user_id, level, subject_id, version);

ALTER TABLE progress_current
  DROP COLUMN snapshot_id;
