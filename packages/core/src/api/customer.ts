/**
 * The customer-support view (`GET /customers/:unit`): what a unit sees now in every environment, what it was served
 * over time, its recent requests, and the previews that let someone else see exactly that.
 */

/** `GET /customers?attribute=…&value=…`: the units whose latest events carry that attribute value. */
export interface CustomerSearch {
  attribute: string;
  value: string;
  /** Newest activity first. */
  units: { unit: string; lastSeen: string }[];
}

/** One flag as a unit would be served it now in one environment, and the rule that decided it. */
export interface CustomerFlagNow {
  flag: string;
  variation: string | null;
  value: unknown;
  /** The id of the deciding rule; "" when no rule matched (the default, or the flag is off). */
  ruleId: string;
  /** `force`, `ramp`, `experiment`, or `default` when no rule decided. */
  ruleKind: string;
  /** Why: the deciding rule's explanation, or why every rule passed the unit by. */
  reason: string;
  /** The evaluator's reason: TARGETING_MATCH, SPLIT, DEFAULT, DISABLED, … */
  evaluationReason: string;
  /** Every variation key of the flag, for picking one in a preview. */
  variations: string[];
}

/** What the unit sees now in one environment, evaluated for its last known attributes. */
export interface CustomerEnvironmentNow {
  environment: string;
  flags: CustomerFlagNow[];
}

/** One stretch of time during which a unit was served one variation of one flag by one rule in one release. */
export interface CustomerExposureSpan {
  environment: string;
  flag: string;
  variation: string;
  ruleId: string;
  experiment: string | null;
  release: string | null;
  /** The first exposure of the stretch. */
  startedAt: string;
  /** The first exposure of the next stretch of the same flag; null while it is still what the unit gets. */
  endedAt: string | null;
  /** The last exposure of the stretch. */
  lastSeenAt: string;
  exposures: number;
}

/** One of the unit's recent requests (wide events), with links to the raw events around it. */
export interface CustomerRequest {
  id: string;
  ts: string;
  environment: string;
  name: string;
  status: string | null;
  durationMs: number | null;
  release: string | null;
  /** The assignment vector: every flag evaluated in the request → the variation served. */
  assignments: Record<string, string>;
  /** `GET` this (with the same token) for the unit's raw events of the minutes around the request. */
  rawEventsHref: string;
  /** The dashboard's explorer, showing the same window's raw events (needs the viewer role). */
  explorerHref: string;
}

/** The answer of `GET /customers/:unit`. */
export interface CustomerLookup {
  unit: string;
  /** When the lookup was made (the "now" of `now`). */
  at: string;
  /**
   * The attributes evaluated for `now`: the newest value of each `fields.context.*` of the unit's recent events, and
   * `id` (and the hash attribute of its exposures) set to the unit.
   */
  attributes: Record<string, string | number | boolean>;
  lastSeen: string | null;
  now: CustomerEnvironmentNow[];
  timeline: CustomerExposureSpan[];
  requests: CustomerRequest[];
}

/** A preview minted from the lookup: whoever presents its token is served these variations, until it expires. */
export interface CustomerPreview {
  id: string;
  unit: string;
  environment: string;
  /** The moment whose variations it reproduces (the lookup's now when none was chosen). */
  at: string;
  /** Flag key → variation key. */
  overrides: Record<string, string>;
  expiresAt: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** The answer of `POST /customers/:unit/previews`: the preview and its token, shown once. */
export interface CustomerPreviewGrant {
  preview: CustomerPreview;
  /** `sbc.<claims>.<signature>`: send it as `?sb_preview=…` (or the `sb_preview` cookie) to an app using the SDK. */
  token: string;
  /** `appUrl` (when given) with the token appended as `sb_preview`. */
  link: string | null;
}

/** The answer of `GET /sdk/preview` for a valid token: the overrides its bearer is served. */
export interface PreviewResolution {
  id: string;
  environment: string;
  overrides: Record<string, string>;
  expiresAt: string;
}

/** Why a preview token is refused (`details[0].message` of the 403, and `reason` of the SDK's answer). */
export type PreviewRefusal = "malformed" | "bad-signature" | "expired" | "revoked" | "wrong-environment" | "unknown";
