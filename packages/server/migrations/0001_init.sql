-- Config store: versioned documents, the append-only change log, releases, tokens and schedules.

CREATE TABLE documents (
  kind        text        NOT NULL,
  key         text        NOT NULL,
  body        jsonb       NOT NULL,
  version     integer     NOT NULL CHECK (version >= 1),
  archived    boolean     NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);

CREATE TABLE changes (
  seq           bigserial   PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor         text        NOT NULL,
  action        text        NOT NULL,
  subject_kind  text        NOT NULL,
  subject_key   text        NOT NULL,
  environment   text,
  before        jsonb,
  after         jsonb,
  reason        text,
  version       integer
);

CREATE INDEX changes_subject_idx ON changes (subject_kind, subject_key, seq);
CREATE INDEX changes_environment_idx ON changes (environment, seq);
CREATE INDEX changes_actor_idx ON changes (actor, seq);
-- text_pattern_ops lets `action LIKE 'flag.%'` use the index whatever the collation.
CREATE INDEX changes_action_idx ON changes (action text_pattern_ops);
CREATE INDEX changes_at_idx ON changes (at);

-- The change log is an audit trail: nobody, not even the application, may rewrite or remove history.
CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the change log is append-only (% is not allowed)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER changes_no_update_or_delete
  BEFORE UPDATE OR DELETE ON changes
  FOR EACH ROW EXECUTE FUNCTION changes_append_only();

CREATE TRIGGER changes_no_truncate
  BEFORE TRUNCATE ON changes
  FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only();

CREATE TABLE releases (
  id           bigserial   PRIMARY KEY,
  sha          text        NOT NULL,
  environment  text        NOT NULL,
  deployed_at  timestamptz NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE INDEX releases_environment_idx ON releases (environment, deployed_at DESC);
CREATE INDEX releases_deployed_at_idx ON releases (deployed_at DESC);

CREATE TABLE tokens (
  id           text        PRIMARY KEY,
  kind         text        NOT NULL CHECK (kind IN ('admin', 'personal', 'server-sdk', 'client-sdk')),
  name         text        NOT NULL,
  role         text        CHECK (role IN ('admin', 'editor', 'viewer')),
  environment  text,
  hash         text        NOT NULL UNIQUE,
  prefix       text        NOT NULL,
  created_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);

CREATE TABLE schedules (
  id           text        PRIMARY KEY,
  plan_id      text,
  flag         text        NOT NULL,
  environment  text        NOT NULL,
  run_at       timestamptz NOT NULL,
  action       jsonb       NOT NULL,
  status       text        NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  created_by   text        NOT NULL,
  reason       text,
  error        text,
  applied_at   timestamptz,
  claimed_at   timestamptz,
  created_at   timestamptz NOT NULL
);

-- Partial indexes: the claim query only ever looks at pending rows by due time and running rows by claim time.
CREATE INDEX schedules_due_idx ON schedules (run_at) WHERE status = 'pending';
CREATE INDEX schedules_running_idx ON schedules (claimed_at) WHERE status = 'running';
CREATE INDEX schedules_plan_idx ON schedules (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX schedules_flag_idx ON schedules (flag, environment);
