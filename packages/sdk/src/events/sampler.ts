import { clock } from "./clock.js";
/** A rule that keeps an event at full rate: a field set to one of some values, or an event name. */
export type KeepRule = { field: string; values: readonly unknown[] } | { name: string };

/**
 * How wide events are sampled (docs/sampling.md). Head-based and deterministic: whether a request is kept is decided
 * when its event starts, from a hash of its trace id or unit, so every event of a trace (across services) or of a
 * unit is kept or dropped together. Kept events carry `sampleRate: rate` (each stands for `rate` events) and the
 * server weights every aggregate by it. What matters is kept at full rate (`sampleRate` 1) whatever the hash says:
 * errors, slow requests, requests assigned to an experiment in its first hours, and the `keep` list. Exposures are
 * never sampled.
 */
export interface SamplingOptions {
  /** Keep 1 in `rate` requests (a finite number ≥ 1; 1 keeps all). */
  rate: number;
  /**
   * What keeps events together: `trace` (the W3C trace id the request arrived with, else its unit) or `unit` (every
   * event of a unit, which experiment conversions need to stay unbiased). Default `trace`.
   */
  by?: "trace" | "unit";
  /** Keep at full rate an event whose status is ≥ 500 or `"error"`. Default true. */
  keepErrors?: boolean;
  /** Keep at full rate an event that lasted at least this many milliseconds. Default: no threshold. */
  slowMs?: number;
  /** Keep at full rate a request assigned to an experiment younger than this many hours. Default 24; 0 turns it off. */
  experimentHours?: number;
  /**
   * When experiments started (experiment key → ISO time or ms since the epoch). An experiment not listed counts
   * from when this client first served it.
   */
  experimentStarts?: Readonly<Record<string, string | number>>;
  /** Events kept at full rate: `{ field: "http.route", values: ["/checkout"] }` (a key as `ev.set` names it) or `{ name: "payment" }`. */
  keep?: readonly KeepRule[];
  /**
   * Time the spans of events the hash dropped, so that one a full-rate rule keeps at its end carries exact span
   * totals. Default false: a dropped event's spans read no clock (two reads each, most of what a dropped event
   * costs), and one a rule keeps after all carries no `spans`, only their number in
   * `counters["switchboard.spans_untimed"]`.
   */
  timeDroppedSpans?: boolean;
}

const HOUR_MS = 3_600_000;

/** The sampling decisions of one events client; one instance, no allocation per request. */
export class Sampler {
  readonly rate: number;
  readonly byUnit: boolean;
  readonly timeDroppedSpans: boolean;
  /** True when a slow-request rule is set: only then does a dropped event read the clock at its end. */
  readonly timesRequests: boolean;
  readonly #threshold: number;
  readonly #keepErrors: boolean;
  readonly #slowMs: number;
  readonly #experimentMs: number;
  readonly #experimentStarts = new Map<string, number>();
  readonly #oldExperiments = new Set<string>();
  readonly #keepFields: ReadonlyMap<string, ReadonlySet<unknown>>;
  readonly #keepNames: ReadonlySet<string>;

  constructor(options: SamplingOptions) {
    this.rate = Number.isFinite(options.rate) && options.rate >= 1 ? options.rate : 1;
    this.byUnit = options.by === "unit";
    // A 32-bit hash below this keeps the request: a fraction 1/rate of all hashes.
    this.#threshold = 0x1_0000_0000 / this.rate;
    this.#keepErrors = options.keepErrors !== false;
    this.#slowMs = options.slowMs ?? Number.POSITIVE_INFINITY;
    this.timesRequests = this.#slowMs !== Number.POSITIVE_INFINITY;
    this.timeDroppedSpans = options.timeDroppedSpans === true;
    this.#experimentMs = (options.experimentHours ?? 24) * HOUR_MS;
    for (const [key, start] of Object.entries(options.experimentStarts ?? {})) {
      const ms = typeof start === "number" ? start : Date.parse(start);
      if (Number.isFinite(ms)) this.#experimentStarts.set(key, ms);
    }
    const fields = new Map<string, Set<unknown>>();
    const names = new Set<string>();
    for (const rule of options.keep ?? []) {
      if ("name" in rule) names.add(rule.name);
      else fields.set(rule.field, new Set([...(fields.get(rule.field) ?? []), ...rule.values]));
    }
    this.#keepFields = fields;
    this.#keepNames = names;
  }

  /** Whether the hash keeps a request with this trace id or unit (a request with neither is kept at random). */
  keeps(key: string | undefined): boolean {
    if (this.rate === 1) return true;
    if (key === undefined) return Math.random() * 0x1_0000_0000 < this.#threshold;
    return sampleHash(key) < this.#threshold;
  }

  /**
   * Whether an experiment served at `monotonicMs` (on the `performance.now()` clock, which the event already read)
   * is still in its first hours (the rule is off with `experimentHours: 0`): no clock read per evaluation.
   */
  isYoungExperiment(key: string, monotonicMs: number): boolean {
    if (this.#experimentMs <= 0 || this.#oldExperiments.has(key)) return false;
    // The wall clock from the monotonic one: close enough for hours.
    const now = clock.timeOrigin + monotonicMs;
    let start = this.#experimentStarts.get(key);
    if (start === undefined) {
      start = now;
      this.#experimentStarts.set(key, start);
    }
    const young = now - start < this.#experimentMs;
    // Time only moves on: an experiment past its first hours stays past them, and is answered by one set lookup.
    if (!young) this.#oldExperiments.add(key);
    return young;
  }

  /**
   * Whether a finished event is kept at full rate by a rule, whatever its hash said: `youngExperiment` when the
   * request was assigned to an experiment in its first hours. Arguments rather than an object: this runs for every
   * request, dropped ones included.
   */
  keepsAtFullRate(
    name: string,
    status: number | string | undefined,
    durationMs: number,
    fields: Readonly<Record<string, unknown>> | undefined,
    youngExperiment: boolean,
  ): boolean {
    return this.isSlow(durationMs) || this.keepsByRule(name, status, fields, youngExperiment);
  }

  /** Whether an event that lasted `durationMs` is kept at full rate as a slow request. */
  isSlow(durationMs: number): boolean {
    return durationMs >= this.#slowMs;
  }

  /** `keepsAtFullRate` without the slow-request rule: what can be decided without reading the clock. */
  keepsByRule(
    name: string,
    status: number | string | undefined,
    fields: Readonly<Record<string, unknown>> | undefined,
    youngExperiment: boolean,
  ): boolean {
    if (youngExperiment || this.#keepNames.has(name)) return true;
    if (this.#keepErrors && (typeof status === "number" ? status >= 500 : status === "error")) return true;
    if (fields === undefined || this.#keepFields.size === 0) return false;
    for (const [key, values] of this.#keepFields)
      if (Object.hasOwn(fields, key) && values.has(fields[key])) return true;
    return false;
  }

  /** Whether key/value pairs (`[key, value, key, value…]`, as a dropped event notes them) hold a keep-listed field. */
  keepsAnyField(pairs: readonly unknown[]): boolean {
    if (this.#keepFields.size === 0) return false;
    for (let i = 0; i < pairs.length; i += 2) {
      if (this.#keepFields.get(pairs[i] as string)?.has(pairs[i + 1]) === true) return true;
    }
    return false;
  }
}

/**
 * FNV-1a over the key, then MurmurHash3's finaliser: FNV-1a alone mixes its last characters poorly, and the flag
 * evaluator buckets units with FNV-1a, so the finaliser also keeps sampling independent of experiment buckets.
 */
export function sampleHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The trace id of a W3C `traceparent` header (`00-<32 hex>-<16 hex>-<flags>`), if it carries a valid one. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  if (traceparent === undefined || traceparent.length < 55 || traceparent.charCodeAt(2) !== 45) return undefined;
  const id = traceparent.slice(3, 35);
  return id === "00000000000000000000000000000000" ? undefined : id;
}
