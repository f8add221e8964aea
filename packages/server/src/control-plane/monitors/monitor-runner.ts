import type { Alert, Flag, Marker, Monitor } from "@switchboard/core";
import { type Clock, startPeriodicPass } from "../../kernel/index.js";
import type { ChangeLog, DocumentStore, MonitorStore, StoredDocument } from "../../store/index.js";
import { type DeliveryPolicy, deliverDue, type Mailer } from "./alert-deliverer.js";
import type { AlertLinks } from "./channel-messages.js";
import type { Detection, MinutePoint } from "./detection.js";
import { gatherCandidates, watchedChanges } from "./gather-candidates.js";
import { type RunQuery, readMinutes } from "./metric-reader.js";
import { type ActionPorts, actOnAlert } from "./monitor-actions.js";
import { MONITOR_KIND } from "./monitor-service.js";
import { HOURS_KEPT, MINUTES_KEPT, type MinuteRecord, type MonitorRunState } from "./run-state.js";

const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;

export interface MonitorRunnerOptions {
  store: DocumentStore & MonitorStore & ChangeLog;
  clock: Clock;
  /** This server's name in leases (unique per process). */
  owner: string;
  query: RunQuery;
  markers(query: { from: string; to: string; environment?: string }): Promise<Marker[]>;
  detection: Detection;
  actions: Omit<ActionPorts, "store">;
  /** Where links in alert messages point, e.g. `https://switchboard.example.com`. */
  publicUrl: string;
  /** How often the loop looks for due monitors (default 5 s). */
  intervalMs?: number;
  /** How long a lease lasts without renewal (default 60 s): a dead server's monitors move on after this. */
  leaseMs?: number;
  /** Minutes to wait for late events before evaluating a minute (default 1; fractions allowed). */
  lagMinutes?: number;
  delivery?: Partial<DeliveryPolicy> & {
    fetch?: Parameters<typeof deliverDue>[0]["fetch"];
    /** Sends alert e-mails (`createSmtpMailer`); e-mail channels give up with a message without one. */
    mail?: Mailer;
  };
  onError?: (error: unknown, monitor: string) => void;
}

export interface MonitorRunner {
  /** One pass over every monitor (what the timer does); answers the alerts raised in it. */
  runOnce(): Promise<Alert[]>;
  /** Stops the loop, waits for the pass in progress and gives the leases up. */
  stop(): Promise<void>;
}

const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Evaluates each monitor on its schedule: reads the metric per minute, predicts each minute, steps the detector,
 * raises an alert (once per monitor and onset) with its named cause and action, resolves it when the metric is back
 * in its band, keeps the error-budget ledger and delivers messages with retries. Each monitor is run by the one
 * server holding its lease; everything it knows is in the config store, so a restart carries on where it stopped.
 */
export function startMonitorRunner(
  options: MonitorRunnerOptions,
): MonitorRunner & { evaluate(key: string): Promise<Alert[]> } {
  const leaseMs = options.leaseMs ?? 60_000;
  const lag = (options.lagMinutes ?? 1) * MINUTE;
  const held = new Set<string>();

  const evaluate = async (doc: StoredDocument<Monitor>): Promise<Alert[]> => {
    const key = doc.key;
    const monitor = doc.body;
    const now = options.clock.now().getTime();
    if (!(await options.store.acquireMonitorLease(key, options.owner, iso(now), iso(now + leaseMs)))) {
      held.delete(key);
      return [];
    }
    held.add(key);
    const state = (await options.store.getMonitorState<MonitorRunState>(key)) ?? {};
    const end = floorMinute(now - lag);
    const schedule = (monitor.scheduleMinutes ?? 1) * MINUTE;
    // First run: start at the latest complete minute; afterwards catch up at most 6 hours.
    const start = Math.max(
      state.evaluatedThrough === undefined ? end - schedule : Date.parse(state.evaluatedThrough),
      end - 6 * 60 * MINUTE,
    );
    const raised: Alert[] = [];
    if (end - start >= schedule) {
      await step(doc, state, start, end, raised);
      const saved = await options.store.saveMonitorState(key, options.owner, state, iso(options.clock.now().getTime()));
      if (!saved) held.delete(key);
    }
    await deliver(key, monitor);
    return raised;
  };

  const step = async (
    doc: StoredDocument<Monitor>,
    state: MonitorRunState,
    start: number,
    end: number,
    raised: Alert[],
  ) => {
    const monitor = doc.body;
    const weeks = monitor.prediction?.weeks ?? 4;
    const yearAgo = monitor.prediction?.yearAgo === true;
    const minutes: string[] = [];
    for (let t = start; t < end; t += MINUTE) minutes.push(iso(t));
    const read = async (from: number, to: number) =>
      dense(await readMinutes(options.query, monitor.metric, iso(from), iso(to)), from, to);
    // A past stretch without a single event is history that does not exist (before the product or the metric), not
    // zeros: the predictor then falls back to a short window instead of predicting nothing.
    const readPast = async (from: number, to: number) => {
      const points = await readMinutes(options.query, monitor.metric, iso(from), iso(to));
      return points.length === 0 ? [] : dense(points, from, to);
    };
    const actualByMinute = new Map((await read(start, end)).map((p) => [p.at, p.value]));
    // The hour before, and the same stretch (widened by the hour before and the smoothing) of previous weeks.
    const history: MinutePoint[] = [...(await readPast(start - 60 * MINUTE, start))];
    const offsets = Array.from({ length: weeks }, (_, i) => (i + 1) * WEEK);
    if (yearAgo) offsets.push(52 * WEEK);
    for (const offset of offsets)
      history.push(...(await readPast(start - offset - 62 * MINUTE, end - offset + 2 * MINUTE)));
    const expectations = options.detection.predictor.predict({
      minutes,
      history,
      weeks,
      yearAgo,
      isCount: monitor.metric.fn === "count",
    });
    const params = {
      ...(monitor.alert?.cusumK === undefined ? {} : { k: monitor.alert.cusumK }),
      ...(monitor.alert?.cusumH === undefined ? {} : { h: monitor.alert.cusumH }),
      direction: monitor.alert?.direction ?? "drop",
      isCount: monitor.metric.fn === "count",
    };
    // A detector that evaluates high-rate minutes below the minute gets them in the buckets it asks for (read once
    // for the pass, at the finest width every minute's cut is made of); the minute's actual is then their sum.
    const countsByMinute = await readParts(
      monitor,
      start,
      end,
      expectations.map((e) => options.detection.detector.bucketSeconds?.(e.expected, params) ?? 60),
    );
    for (const [at, counts] of countsByMinute)
      actualByMinute.set(
        at,
        counts.reduce((a, b) => a + b, 0),
      );
    const changesByMinute = await readChanges(monitor, start, end);
    const recovery = monitor.alert?.recoveryMinutes ?? 5;
    let detector = state.detector ?? options.detection.detector.initial();
    for (const expectation of expectations) {
      const actual = actualByMinute.get(expectation.at) ?? 0;
      const record: MinuteRecord = {
        at: expectation.at,
        expected: expectation.expected,
        actual,
        lower: expectation.lower,
        upper: expectation.upper,
      };
      keep(state, record);
      state.lastBasis = expectation.basis;
      const shortfall = Math.max(0, expectation.expected - actual);
      const counts = countsByMinute.get(expectation.at);
      const changes = changesByMinute.get(expectation.at);
      const observation = {
        at: expectation.at,
        actual,
        expected: expectation.expected,
        sd: expectation.sd,
        ...(counts === undefined ? {} : { counts }),
        ...(changes === undefined ? {} : { changes }),
      };
      const result = options.detection.detector.step(detector, observation, params);
      detector = result.state;
      const incident = state.incident ?? null;
      if (incident !== null) {
        incident.spent += shortfall;
        const inside = actual >= expectation.lower && actual <= expectation.upper;
        incident.calmMinutes = inside ? incident.calmMinutes + 1 : 0;
        if (incident.calmMinutes >= recovery || result.resolved === true) {
          await options.store.resolveAlert(incident.alertId, iso(Date.parse(expectation.at) + MINUTE), incident.spent);
          await options.store.recordChange({
            actor: `monitor:${doc.key}`,
            action: "monitor.resolve",
            environment: monitor.metric.environment,
            reason: null,
            subjectKind: "monitor",
            subjectKey: doc.key,
            after: { alertId: incident.alertId },
          });
          state.incident = null;
          detector = options.detection.detector.reset?.(detector) ?? options.detection.detector.initial();
        }
        continue;
      }
      const minRelative = monitor.alert?.minRelativeChange ?? 0;
      if (result.alarm !== undefined) {
        const detectedAt = result.alarm.detectedAt ?? iso(Date.parse(expectation.at) + MINUTE);
        // The minute holding the onset counts (a sub-minute onset falls inside it).
        const onsetMinute = iso(floorMinute(Date.parse(result.alarm.onsetAt)));
        const since = (state.minutes ?? []).filter((m) => m.at >= onsetMinute);
        const expected = mean(since.map((m) => m.expected));
        const actualMean = mean(since.map((m) => m.actual));
        if (expected > 0 && Math.abs(expected - actualMean) / expected < minRelative) continue;
        const alert = await raise(
          doc,
          result.alarm.onsetAt,
          result.alarm.direction,
          detectedAt,
          expected,
          actualMean,
          since.length,
        );
        const spent = since.reduce((sum, m) => sum + Math.max(0, m.expected - m.actual), 0);
        state.incident = {
          alertId: alert.id,
          onsetAt: alert.onsetAt,
          direction: alert.direction,
          calmMinutes: 0,
          spent,
        };
        raised.push(alert);
      }
    }
    state.detector = detector;
    state.evaluatedThrough = iso(end);
  };

  /** The changes of the monitor's environment in `[start, end)` by the minute they took effect in. */
  const readChanges = async (doc: Monitor, start: number, end: number) => {
    const markers = await options.markers({ from: iso(start), to: iso(end), environment: doc.metric.environment });
    const byMinute = new Map<string, { id: string; at: string }[]>();
    for (const change of watchedChanges(markers, doc.metric.environment)) {
      const time = Date.parse(change.at);
      if (!(time >= start && time < end)) continue;
      const minute = iso(floorMinute(time));
      byMinute.set(minute, [...(byMinute.get(minute) ?? []), change]);
    }
    return byMinute;
  };

  /**
   * The minutes of `[start, end)` in the sub-minute buckets the detector asked for (seconds per minute, 60 = whole),
   * keyed by minute start; empty when every minute is evaluated whole.
   */
  const readParts = async (
    doc: Monitor,
    start: number,
    end: number,
    wanted: readonly number[],
  ): Promise<Map<string, number[]>> => {
    const widths = wanted.filter((s) => Number.isInteger(s) && s > 0 && s < 60 && 60 % s === 0);
    if (widths.length === 0) return new Map();
    const seconds = widths.reduce(gcd);
    const points = await readMinutes(options.query, doc.metric, iso(start), iso(end), seconds);
    const values = new Map(points.map((p) => [Date.parse(p.at), p.value]));
    const byMinute = new Map<string, number[]>();
    for (let t = start; t < end; t += MINUTE) {
      const counts: number[] = [];
      for (let s = 0; s < 60; s += seconds) counts.push(values.get(t + s * 1000) ?? 0);
      byMinute.set(iso(t), counts);
    }
    return byMinute;
  };

  const raise = async (
    doc: StoredDocument<Monitor>,
    onsetAt: string,
    direction: "drop" | "surge",
    detectedAt: string,
    expected: number,
    actual: number,
    minutes: number,
  ): Promise<Alert> => {
    const monitor = doc.body;
    const defaultVariationOf = async (flag: string) =>
      (await options.store.getDocument<Flag>("flag", flag))?.body.defaultVariation;
    const gather = { markers: options.markers, query: options.query, defaultVariationOf };
    const candidates = await gatherCandidates(gather, monitor.metric, onsetAt, detectedAt);
    const ranked = options.detection.attributor.rank(candidates, onsetAt, detectedAt);
    const best = ranked[0] ?? null;
    const sentence = options.detection.attributor.sentence({
      metricName: doc.key,
      direction,
      onsetAt,
      expected,
      actual,
      minutes,
      environment: monitor.metric.environment,
      cause: best,
    });
    const cause =
      best === null
        ? null
        : {
            kind: best.kind,
            subject: best.subject,
            environment: best.environment,
            at: best.at,
            changeSeq: best.changeSeq,
            title: best.title,
            confidence: best.confidence,
            evidence: { variations: best.variations ?? null, text: best.evidenceText, pValue: best.pValue },
          };
    const { alert, created } = await options.store.appendAlert({
      key: `${doc.key}/${onsetAt}`,
      monitor: doc.key,
      environment: monitor.metric.environment,
      direction,
      onsetAt,
      detectedAt,
      expected,
      actual,
      sentence,
      cause,
    });
    if (created) {
      await options.store.recordChange({
        actor: `monitor:${doc.key}`,
        action: "monitor.alert",
        environment: monitor.metric.environment,
        reason: sentence.slice(0, 1000),
        subjectKind: "monitor",
        subjectKey: doc.key,
        after: { alertId: alert.id, onsetAt, cause: cause?.subject ?? null },
      });
    }
    // A restart between raising and acting finds the alert without an action, and acts now.
    if (alert.action !== null) return alert;
    const action = await actOnAlert({ ...options.actions, store: options.store }, doc.key, monitor, best, sentence);
    return options.store.setAlertAction(alert.id, action);
  };

  const deliver = async (key: string, monitor: Monitor) => {
    const channels = monitor.alert?.channels ?? [];
    if (channels.length === 0) return;
    const { fetch: send, mail, ...policy } = options.delivery ?? {};
    for (const alert of await options.store.listAlerts({ monitor: key, limit: 20 })) {
      const links = linksOf(options.publicUrl, alert);
      await deliverDue(
        {
          store: options.store,
          clock: options.clock,
          policy,
          ...(send === undefined ? {} : { fetch: send }),
          ...(mail === undefined ? {} : { mail }),
        },
        alert,
        channels,
        links,
      );
    }
  };

  const pass = async (): Promise<Alert[]> => {
    const docs = await options.store.listDocuments<Monitor>(MONITOR_KIND);
    const raised: Alert[] = [];
    for (const doc of docs) {
      try {
        raised.push(...(await evaluate(doc)));
      } catch (error) {
        options.onError?.(error, doc.key);
      }
    }
    return raised;
  };

  const loop = startPeriodicPass({
    pass,
    intervalMs: options.intervalMs ?? 5_000,
    initial: [],
    onError: (error) => options.onError?.(error, "*"),
  });
  return {
    runOnce: () => loop.runOnce(),
    async evaluate(key: string) {
      const doc = await options.store.getDocument<Monitor>(MONITOR_KIND, key);
      return doc === undefined || doc.archived ? [] : evaluate(doc);
    },
    async stop() {
      await loop.stop();
      for (const key of held) await options.store.releaseMonitorLease(key, options.owner);
      held.clear();
    },
  };
}

/** Every minute of `[from, to)`, 0 where the query had no row (no event is a count of 0). */
function dense(points: readonly MinutePoint[], from: number, to: number): MinutePoint[] {
  const values = new Map(points.map((p) => [Date.parse(p.at), p.value]));
  const out: MinutePoint[] = [];
  for (let t = from; t < to; t += MINUTE) out.push({ at: iso(t), value: values.get(t) ?? 0 });
  return out;
}

function keep(state: MonitorRunState, record: MinuteRecord): void {
  state.minutes = [...(state.minutes ?? []), record].slice(-MINUTES_KEPT);
  const hour = iso(Math.floor(Date.parse(record.at) / 3_600_000) * 3_600_000);
  const hours = state.hours ?? [];
  const last = hours.at(-1);
  const shortfall = Math.max(0, record.expected - record.actual);
  if (last?.at === hour) {
    last.expected += record.expected;
    last.shortfall += shortfall;
  } else hours.push({ at: hour, expected: record.expected, shortfall });
  state.hours = hours.slice(-HOURS_KEPT);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function linksOf(publicUrl: string, alert: Alert): AlertLinks {
  const base = publicUrl.replace(/\/$/, "");
  const from = new Date(Date.parse(alert.onsetAt) - 60 * MINUTE).toISOString();
  return {
    alertUrl: `${base}/api/v1/alerts/${alert.id}`,
    chartUrl: `${base}/api/v1/monitors/${encodeURIComponent(alert.monitor)}/status?from=${encodeURIComponent(from)}`,
  };
}
