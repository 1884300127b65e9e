-- Progress schema, version 4, for PostgreSQL 12+: a key's current figure is its latest history row.
-- Applied by dev.progress.jdbc.ProgressSchema (which upgrades a version-3 database in place, keeping its data),
-- or by Flyway/Liquibase from db/migration/postgresql after V3__components_as_json.sql.
--
-- Every write already kept each figure twice: a history row in progress_snapshots and a copy in progress_current,
-- replaced at each write. A read of a key's current figure now takes the history row of its highest version (one
-- descent of the primary key (user_id, level, subject_id, version), backwards), and a user's figures one such
-- descent per key, so the copy goes: a write saves an upsert per figure (measured: a batch of 10 users' 1,000
-- events and 170 figures took 10% less of the server's time). Earlier releases wrote both rows in one statement,
-- so the latest history row of every key is its current row; any current row without its history row (none
-- is expected) is kept as a history row before the table is dropped. Stop the writers of the earlier release
-- first, as for every upgrade.

INSERT INTO progress_snapshots (user_id, level, subject_id, version, goal_id, total, components, rules_version,
                                recorded_at, recorded_at_ns)
SELECT c.user_id, c.level, c.subject_id, c.version, c.goal_id, c.total, c.components, c.rules_version,
       c.recorded_at, c.recorded_at_ns
FROM progress_current c
ON CONFLICT (user_id, level, subject_id, version) DO NOTHING;

DROP TABLE progress_current;
