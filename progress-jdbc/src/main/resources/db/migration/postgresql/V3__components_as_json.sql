-- Progress schema, version 3, for PostgreSQL 12+: a figure's components are kept as json, not jsonb.
-- Applied by dev.progress.jdbc.ProgressSchema (which upgrades a version-2 database in place, keeping its data),
-- or by Flyway/Liquibase from db/migration/postgresql after V2__natural_keys.sql.
--
-- The components are written by progress-jdbc and read back whole, never searched: json keeps their text as
-- written, so an append no longer converts each figure's numbers to jsonb's numeric (measured: a batch of 10
-- users' 1,000 events and 160 figures took 6-7% less time), and a read no longer prints them back. The values
-- read are the same: the conversion keeps jsonb's text of each figure. Each table is rewritten once, under an
-- exclusive lock for that time: stop the writers of the earlier release first, as for every upgrade.

ALTER TABLE progress_snapshots ALTER COLUMN components TYPE json USING components::json;

ALTER TABLE progress_current ALTER COLUMN components TYPE json USING components::json;
