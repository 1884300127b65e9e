-- Progress schema, version 1, for PostgreSQL 12+ (and Citus: every key starts with user_id).
-- Applied by dev.progress.jdbc.ProgressSchema, or by Flyway/Liquibase from db/migration/postgresql.
-- Foreign keys to the host application's users/spaces/goals tables are deliberately absent: add them in a
-- migration of your own if you want them (see progress-jdbc/README.md).

-- One row per user: the lock that serializes a user's writers and the version a tracker compares.
CREATE TABLE progress_users (
  user_id      VARCHAR(128) NOT NULL,
  version      BIGINT       NOT NULL DEFAULT 0,
  event_count  BIGINT       NOT NULL DEFAULT 0,
  created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CONSTRAINT progress_users_pk PRIMARY KEY (user_id)
);

-- The event log: append-only, one row per accepted event. seq is the event's 0-based position in its user's
-- log (replay order); version is the user's version whose write stored it, so any snapshot (same version)
-- can be recomputed from exactly the events stored up to it.
CREATE TABLE progress_events (
  user_id        VARCHAR(128)     NOT NULL,
  id             UUID             NOT NULL,
  seq            BIGINT           NOT NULL,
  version        BIGINT           NOT NULL,
  event_id       VARCHAR(128)     NOT NULL,
  space_id       VARCHAR(128),
  goal_id        VARCHAR(128),
  item_id        VARCHAR(128),
  event_type     VARCHAR(64)      NOT NULL,
  event_value    DOUBLE PRECISION NOT NULL,
  occurred_at    TIMESTAMPTZ      NOT NULL,
  occurred_at_ns SMALLINT         NOT NULL DEFAULT 0,
  recorded_at    TIMESTAMPTZ      NOT NULL DEFAULT now(),
  metadata       JSONB,
  CONSTRAINT progress_events_pk PRIMARY KEY (user_id, id),
  CONSTRAINT progress_events_event_id_uk UNIQUE (user_id, event_id),
  CONSTRAINT progress_events_seq_uk UNIQUE (user_id, seq),
  CONSTRAINT progress_events_ns_ck CHECK (occurred_at_ns BETWEEN 0 AND 999)
);

-- Every snapshot ever written: the history of each key, in the order its user's versions were committed.
CREATE TABLE progress_snapshots (
  user_id        VARCHAR(128)     NOT NULL,
  id             UUID             NOT NULL,
  level          VARCHAR(8)       NOT NULL,
  subject_id     VARCHAR(128)     NOT NULL,
  version        BIGINT           NOT NULL,
  goal_id        VARCHAR(128),
  total          DOUBLE PRECISION NOT NULL,
  components     JSONB            NOT NULL,
  rules_version  TEXT             NOT NULL,
  recorded_at    TIMESTAMPTZ      NOT NULL,
  recorded_at_ns SMALLINT         NOT NULL DEFAULT 0,
  CONSTRAINT progress_snapshots_pk PRIMARY KEY (user_id, id),
  CONSTRAINT progress_snapshots_key_uk UNIQUE (user_id, level, subject_id, version),
  CONSTRAINT progress_snapshots_level_ck CHECK (level IN ('space', 'goal', 'skill')),
  CONSTRAINT progress_snapshots_ns_ck CHECK (recorded_at_ns BETWEEN 0 AND 999)
);

-- The latest snapshot of each key: what progress() reads, one primary-key lookup.
CREATE TABLE progress_current (
  user_id        VARCHAR(128)     NOT NULL,
  level          VARCHAR(8)       NOT NULL,
  subject_id     VARCHAR(128)     NOT NULL,
  snapshot_id    UUID             NOT NULL,
  version        BIGINT           NOT NULL,
  goal_id        VARCHAR(128),
  total          DOUBLE PRECISION NOT NULL,
  components     JSONB            NOT NULL,
  rules_version  TEXT             NOT NULL,
  recorded_at    TIMESTAMPTZ      NOT NULL,
  recorded_at_ns SMALLINT         NOT NULL DEFAULT 0,
  CONSTRAINT progress_current_pk PRIMARY KEY (user_id, level, subject_id),
  CONSTRAINT progress_current_level_ck CHECK (level IN ('space', 'goal', 'skill')),
  CONSTRAINT progress_current_ns_ck CHECK (recorded_at_ns BETWEEN 0 AND 999)
);
