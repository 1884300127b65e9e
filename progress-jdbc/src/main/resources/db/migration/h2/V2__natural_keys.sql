-- Progress schema, version 2, for H2 2.x: natural keys instead of random UUIDs.
-- Applied by dev.progress.jdbc.ProgressSchema (which upgrades a version-1 database in place, keeping its data),
-- or by Flyway/Liquibase from db/migration/h2 after V1__progress_schema.sql.
--
-- An event is identified by its user and its position in the user's log (seq), a snapshot by its user, key and
-- the user version that wrote it; the UUID columns nothing read are dropped. H2 commits each DDL statement at
-- once, so every statement can run again without effect (two processes upgrading one H2 server end in the same
-- state): that is why the new primary keys have names of their own.

ALTER TABLE progress_events DROP CONSTRAINT IF EXISTS progress_events_pk;
ALTER TABLE progress_events DROP CONSTRAINT IF EXISTS progress_events_seq_uk;
ALTER TABLE progress_events DROP COLUMN IF EXISTS id;
ALTER TABLE progress_events ADD CONSTRAINT IF NOT EXISTS progress_events_seq_pk PRIMARY KEY (user_id, seq);

ALTER TABLE progress_snapshots DROP CONSTRAINT IF EXISTS progress_snapshots_pk;
ALTER TABLE progress_snapshots DROP CONSTRAINT IF EXISTS progress_snapshots_key_uk;
ALTER TABLE progress_snapshots DROP COLUMN IF EXISTS id;
ALTER TABLE progress_snapshots ADD CONSTRAINT IF NOT EXISTS progress_snapshots_key_pk
  PRIMARY KEY (user_id, level, subject_id, version);

ALTER TABLE progress_current DROP COLUMN IF EXISTS snapshot_id;
