import { type Static, Type } from "@sinclair/typebox";

/**
 * The wire contract of monitors and their alerts: one TypeBox schema is the server's edge check, the OpenAPI
 * document and the type the CLI and dashboard use.
 */

const Label = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

/** One condition of the metric's filter, in the query language (`POST /query`'s `where`). */
export const MonitorFilterSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 300, description: "e.g. name, fields.country" }),
    op: Type.Union(
      ["=", "!=", "<", "<=", ">", ">=", "in", "contains", "exists", "regex"].map((op) => Type.Literal(op)),
    ),
    value: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 2000 }),
        Type.Number(),
        Type.Boolean(),
        Type.Array(Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]), { maxItems: 1000 }),
      ]),
    ),
  },
  { additionalProperties: false },
);

/** What is watched: an aggregate of the query language per minute over events of one environment. */
export const MonitorMetricSchema = Type.Object(
  {
    fn: Type.Union([Type.Literal("count"), Type.Literal("sum")], { description: "count events, or sum a field" }),
    field: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "the summed field (sum only)" })),
    where: Type.Optional(Type.Array(MonitorFilterSchema, { maxItems: 100 })),
    environment: Label("the environment whose events are counted"),
  },
  { additionalProperties: false },
);

/** How the expected value of each minute is computed (defaults: 4 previous weeks, no year-ago slot). */
export const MonitorPredictionSchema = Type.Object(
  {
    weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: "previous weeks used (default 4)" })),
    yearAgo: Type.Optional(Type.Boolean({ description: "also use the slot 52 weeks ago" })),
  },
  { additionalProperties: false },
);

/**
 * E-mail to a list of recipients, through the SMTP server the server is configured with (`SWITCHBOARD_SMTP_URL`): the
 * credentials live in the server's configuration, never in a monitor.
 */
export const EmailChannelSchema = Type.Object(
  {
    type: Type.Literal("email"),
    to: Type.Array(Type.String({ minLength: 3, maxLength: 320, pattern: "^[^\\s@,;<>]+@[^\\s@,;<>]+$" }), {
      minItems: 1,
      maxItems: 20,
      description: "recipients, e.g. oncall@example.com",
    }),
  },
  { additionalProperties: false },
);

/** A place alerts are sent to. */
export const MonitorChannelSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal("webhook"),
      url: Type.String({ minLength: 1, maxLength: 2000 }),
      secret: Type.String({ pattern: "^whsec_[A-Za-z0-9+/=]{32,88}$", description: "whsec_<base64 of 24–64 bytes>" }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal("slack"), url: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("pagerduty"),
      routingKey: Type.String({ minLength: 32, maxLength: 32, description: "the 32-character integration key" }),
      url: Type.Optional(
        Type.String({ minLength: 1, maxLength: 2000, description: "default: PagerDuty's enqueue URL" }),
      ),
      severity: Type.Optional(
        Type.Union(
          ["critical", "error", "warning", "info"].map((s) => Type.Literal(s)),
          { default: "error" },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  EmailChannelSchema,
]);

/**
 * A channel as the API shows it and takes it back: its secret (webhook signing secret, Slack webhook URL, PagerDuty
 * routing key) is never shown, only `…` and its last four characters (see `redactSecret`). On a write, a secret left
 * out or sent back in that redacted form keeps the stored one; any other value replaces it.
 */
export const MonitorChannelViewSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal("webhook"),
      url: Type.String({ minLength: 1, maxLength: 2000 }),
      secret: Type.Optional(
        Type.String({ minLength: 1, maxLength: 200, description: "whsec_<base64>, or its redacted form to keep it" }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("slack"),
      url: Type.Optional(
        Type.String({ minLength: 1, maxLength: 2000, description: "the incoming webhook URL, or its redacted form" }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("pagerduty"),
      routingKey: Type.Optional(
        Type.String({ minLength: 1, maxLength: 200, description: "the 32-character key, or its redacted form" }),
      ),
      url: MonitorChannelSchema.anyOf[2].properties.url,
      severity: MonitorChannelSchema.anyOf[2].properties.severity,
    },
    { additionalProperties: false },
  ),
  EmailChannelSchema,
]);

const alertPolicyFields = {
  direction: Type.Optional(
    Type.Union([Type.Literal("drop"), Type.Literal("surge"), Type.Literal("both")], { description: "default drop" }),
  ),
  cusumK: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 10,
      description: "slack in σ of a single CUSUM instead of the default bank (with cusumH; default 0.5)",
    }),
  ),
  cusumH: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: "threshold in σ of a single CUSUM instead of the default bank (with cusumK; default 10)",
    }),
  ),
  minRelativeChange: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1, description: "ignore shortfalls smaller than this fraction (default 0)" }),
  ),
  recoveryMinutes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1440, description: "minutes inside the band before resolving (default 5)" }),
  ),
};

/** When an alert fires: CUSUM on the standardised shortfall (k: slack, h: decision threshold, in σ). */
export const MonitorAlertPolicySchema = Type.Object(
  { ...alertPolicyFields, channels: Type.Optional(Type.Array(MonitorChannelSchema, { maxItems: 20 })) },
  { additionalProperties: false },
);

/** The alert policy as the API shows it and takes it: channel secrets redacted or left out. */
export const MonitorAlertPolicyViewSchema = Type.Object(
  { ...alertPolicyFields, channels: Type.Optional(Type.Array(MonitorChannelViewSchema, { maxItems: 20 })) },
  { additionalProperties: false },
);

/** What the monitor does itself when it alerts. */
export const MonitorActionPolicySchema = Type.Object(
  {
    action: Type.Union([Type.Literal("notify"), Type.Literal("kill"), Type.Literal("back")], {
      description: "notify (default); kill the named flag; or the traffic back button of the named rollout",
    }),
    minConfidence: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "evidence needed before acting (default 0.99)" }),
    ),
  },
  { additionalProperties: false },
);

/** The error budget: the allowed shortfall as a fraction of the predicted total over a window. */
export const MonitorBudgetSchema = Type.Object(
  {
    allowedFraction: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "e.g. 0.005 for 0.5%" }),
    windowDays: Type.Integer({ minimum: 1, maximum: 90, description: "e.g. 28" }),
  },
  { additionalProperties: false },
);

/** A monitor document's body (its key is the document key). */
export const MonitorSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    metric: MonitorMetricSchema,
    scheduleMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: "default every minute" })),
    prediction: Type.Optional(MonitorPredictionSchema),
    alert: Type.Optional(MonitorAlertPolicySchema),
    actions: Type.Optional(MonitorActionPolicySchema),
    budget: Type.Optional(MonitorBudgetSchema),
  },
  { additionalProperties: false },
);

/**
 * A monitor as the API answers it and as `PUT /monitors/{key}` takes it: the stored monitor with every channel
 * secret redacted (or, on a write, redacted or left out to keep the stored one).
 */
export const MonitorViewSchema = Type.Object(
  { ...MonitorSchema.properties, alert: Type.Optional(MonitorAlertPolicyViewSchema) },
  { additionalProperties: false },
);

/** The body of `POST /monitors`: a key and the monitor (a new channel needs its secret). */
export const CreateMonitorSchema = Type.Object(
  {
    key: Type.String({ pattern: "^[a-z0-9][a-z0-9_.-]{0,99}$", description: "e.g. bookings" }),
    ...MonitorViewSchema.properties,
  },
  { additionalProperties: false },
);

export type Monitor = Static<typeof MonitorSchema>;
export type MonitorView = Static<typeof MonitorViewSchema>;
export type MonitorChannel = Static<typeof MonitorChannelSchema>;
export type MonitorChannelView = Static<typeof MonitorChannelViewSchema>;
export type MonitorMetric = Static<typeof MonitorMetricSchema>;
export type CreateMonitorInput = Static<typeof CreateMonitorSchema>;

/** A flag tagged with this is never switched off by a monitor, whatever its action policy. */
export const NEVER_AUTO_KILL_TAG = "never-auto-kill";

/** The best-ranked cause of an alert. */
export interface AlertCause {
  kind: "flag" | "schedule" | "release" | "traffic" | "other";
  /** The flag key, release sha or traffic service the marker is about. */
  subject: string;
  environment: string | null;
  /** When the candidate change happened, and the change's sequence number when it is one. */
  at: string;
  changeSeq: number | null;
  title: string;
  /** 0..1: how strongly the evidence points at this candidate. */
  confidence: number;
  /** Per-variation evidence of a flag candidate (events per minute before and after onset). */
  evidence: Record<string, unknown> | null;
}

/** What a monitor did on its own because of an alert. */
export interface AlertAction {
  kind: "kill" | "back" | "none";
  /** Done, refused (opt-out, weak evidence) or failed, in words. */
  outcome: "done" | "skipped" | "failed";
  detail: string;
  /** The audited change the action made, and how to undo it in one call. */
  changeSeq: number | null;
  undo: { method: "POST"; path: string } | null;
}

/** An alert: raised once per monitor and onset, resolved once when the metric recovers. */
export interface Alert {
  id: string;
  /** `<monitor>/<onset minute>`: the idempotency key, also the PagerDuty dedup key suffix. */
  key: string;
  monitor: string;
  environment: string;
  direction: "drop" | "surge";
  onsetAt: string;
  detectedAt: string;
  resolvedAt: string | null;
  /** Per-minute expected and actual at detection (mean over the alert's minutes). */
  expected: number;
  actual: number;
  sentence: string;
  cause: AlertCause | null;
  action: AlertAction | null;
  /** The shortfall summed over the alert's minutes (updated once, at resolution). */
  spent: number;
}

/** One attempt to tell a channel about an alert. */
export interface AlertDelivery {
  id: string;
  alertId: string;
  /** The channel's index in the monitor's list and its type. */
  channel: number;
  channelType: MonitorChannel["type"];
  event: "trigger" | "resolve";
  attempt: number;
  at: string;
  outcome: "delivered" | "failed" | "gave-up";
  httpStatus: number | null;
  error: string | null;
}

/** `GET /monitors/{key}/budget`. */
export interface MonitorBudgetView {
  monitor: string;
  allowedFraction: number;
  windowDays: number;
  predicted: number;
  budget: number;
  spent: number;
  left: number;
  /** The whole window burned under 10% of the budget over at least a week: the team may take too little risk. */
  tooCareful: boolean;
  /** Burn rate (spend / budget-per-time) over the SRE workbook windows, keyed `5m`, `30m`, `1h`, `6h`, `3d`. */
  burnRates: Record<string, number>;
  /** Which multi-window pairs are burning (14.4× 1h&5m, 6× 6h&30m, 1× 3d&6h). */
  burning: string[];
  byIncident: { alertId: string; onsetAt: string; spent: number; cause: string | null }[];
  byCause: { cause: string; spent: number }[];
}

/** One evaluated minute of `GET /monitors/{key}/status`: expected, its band and what came. */
export interface MinutePoint {
  at: string;
  expected: number;
  actual: number;
  /** Lower and upper edge of the prediction band. */
  lower: number;
  upper: number;
}

/** One hour of the error-budget ledger: the predicted total and the shortfall (Σ max(0, expected − actual)). */
export interface HourPoint {
  at: string;
  expected: number;
  shortfall: number;
}

/** `GET /monitors/{key}/status`: what the runner knows about a monitor. */
export interface MonitorStatusView {
  monitor: string;
  archived: boolean;
  /** The first minute not evaluated yet (ISO), null before the first run. */
  evaluatedThrough: string | null;
  /** What the last prediction rested on: previous weeks, or (less than a week of history) a short window. */
  basis: "seasonal" | "short-window" | null;
  /** The open incident the runner follows, if any. */
  incident: MonitorIncidentView | null;
  last: MinutePoint | null;
  /** The recent minutes (up to 6 h) and the hourly budget ledger. */
  minutes: MinutePoint[];
  hours: HourPoint[];
  openAlerts: Alert[];
  recentAlerts: Alert[];
}

/** The open incident of a monitor's status. */
export interface MonitorIncidentView {
  alertId: string;
  onsetAt: string;
  direction: "drop" | "surge";
  /** Minutes in a row back inside the band (resolves at the policy's `recoveryMinutes`). */
  calmMinutes: number;
  spent: number;
}
