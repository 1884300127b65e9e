-- Progress schema, version 5, for H2 2.x: every id column holds 128 Unicode code points.
-- Applied by dev.progress.jdbc.ProgressSchema (which upgrades a version-4 database in place, keeping its data),
-- or by Flyway/Liquibase from db/migration/h2 after V4__figures_from_history.sql.
--
-- An id is 1..128 code points (the model, section 1), but H2 counts a VARCHAR's length in UTF-16 units: an id of
-- 128 characters outside the Basic Multilingual Plane (emoji, say) is 256 units, and VARCHAR(128) refused it
-- with SQLState 22001. A code point is at most 2 UTF-16 units, so VARCHAR(256) holds every valid id: user,
-- event, space, goal and item ids, and the subject of a figure (a space id, a goal id or a skill, itself 1..128
-- code points). H2 widens a column in place, keeping its primary and unique keys and NOT NULL; widening keeps
-- every value. Like every H2 script, each statement can run again without effect.

ALTER TABLE progress_users ALTER COLUMN user_id SET DATA TYPE VARCHAR(256);

ALTER TABLE progress_events ALTER COLUMN user_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_events ALTER COLUMN event_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_events ALTER COLUMN space_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_events ALTER COLUMN goal_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_events ALTER COLUMN item_id SET DATA TYPE VARCHAR(256);

ALTER TABLE progress_snapshots ALTER COLUMN user_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_snapshots ALTER COLUMN subject_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_snapshots ALTER COLUMN goal_id SET DATA TYPE VARCHAR(256);

ALTER TABLE progress_current ALTER COLUMN user_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_current ALTER COLUMN subject_id SET DATA TYPE VARCHAR(256);
ALTER TABLE progress_current ALTER COLUMN goal_id SET DATA TYPE VARCHAR(256);
