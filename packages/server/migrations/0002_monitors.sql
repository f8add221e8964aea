-- Monitors: the runner's state and lease per monitor, the alerts it raised and every delivery attempt.
-- Monitor definitions themselves are documents (kind 'monitor').

-- One row per monitor: who runs it (a lease that expires, so a dead server's monitors move on) and the detector's
-- state, written only by the lease holder.
CREATE TABLE monitor_runs (
  monitor      text        PRIMARY KEY,
  lease_owner  text,
  lease_until  timestamptz,
  state        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  updated_at   timestamptz NOT NULL
);

-- Alerts are appended once per monitor and onset (alert_key is the idempotency key); only their resolution and
-- final spend are set later, once.
CREATE TABLE monitor_alerts (
  id           text        PRIMARY KEY,
  alert_key    text        NOT NULL UNIQUE,
  monitor      text        NOT NULL,
  environment  text        NOT NULL,
  onset_at     timestamptz NOT NULL,
  detected_at  timestamptz NOT NULL,
  resolved_at  timestamptz,
  body         jsonb       NOT NULL
);
CREATE INDEX monitor_alerts_monitor_idx ON monitor_alerts (monitor, onset_at DESC);
CREATE INDEX monitor_alerts_open_idx ON monitor_alerts (monitor) WHERE resolved_at IS NULL;

-- Append-only: one row per attempt to tell a channel about an alert.
CREATE TABLE monitor_deliveries (
  id           text        PRIMARY KEY,
  seq          bigserial   NOT NULL,
  alert_id     text        NOT NULL REFERENCES monitor_alerts (id),
  channel      integer     NOT NULL,
  channel_type text        NOT NULL,
  event        text        NOT NULL CHECK (event IN ('trigger', 'resolve')),
  attempt      integer     NOT NULL,
  at           timestamptz NOT NULL,
  outcome      text        NOT NULL CHECK (outcome IN ('delivered', 'failed', 'gave-up')),
  http_status  integer,
  error        text
);
CREATE INDEX monitor_deliveries_alert_idx ON monitor_deliveries (alert_id, seq);
