-- Progress schema, version 3, for H2 2.x: PostgreSQL's components columns become json (see its V3 script).
-- H2 keeps every JSON value as the text written, as it did since version 1: there is nothing to change, and
-- this script only keeps the two dialects' versions in step. Safe to run again.

ALTER TABLE progress_snapshots ALTER COLUMN components SET NOT NULL;
