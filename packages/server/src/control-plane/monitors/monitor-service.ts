import type {
  Alert,
  AlertDelivery,
  CreateMonitorInput,
  Monitor,
  MonitorBudgetView,
  MonitorChannel,
  MonitorStatusView,
  MonitorView,
} from "@switchboard/core";
import { validateQuery } from "@switchboard/events";
import { AppError, changeInput, validationFailed, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore, DocumentWrite, MonitorStore, StoredDocument } from "../../store/index.js";
import { requireVersion } from "../flags/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { computeBudget } from "./budget.js";
import { metricQuery } from "./monitor-metric-query.js";
import { resolveChannelSecrets } from "./monitor-secrets.js";
import type { MonitorRunState } from "./run-state.js";

/** The document kind monitors are stored as (registered by the composition root). */
export const MONITOR_KIND = "monitor";

/** The error budget when a monitor names none: 0.5% of the predicted total per 28 days. */
export const DEFAULT_BUDGET = { allowedFraction: 0.005, windowDays: 28 } as const;

type Problem = { path: string; message: string };

/** Monitors as versioned documents, their alerts with delivery logs, and their error budget. */
export class MonitorService {
  constructor(
    private readonly store: DocumentStore & MonitorStore,
    private readonly clock: { now(): Date },
  ) {}

  list(includeArchived = false): Promise<StoredDocument<Monitor>[]> {
    return this.store.listDocuments<Monitor>(MONITOR_KIND, { includeArchived });
  }

  async get(key: string): Promise<StoredDocument<Monitor>> {
    const doc = await this.store.getDocument<Monitor>(MONITOR_KIND, key);
    if (doc === undefined) throw new AppError("NOT_FOUND", `Monitor "${key}" does not exist.`);
    return doc;
  }

  async create(input: CreateMonitorInput, context: WriteContext): Promise<DocumentWrite<Monitor>> {
    const { key, ...view } = input;
    const body = this.#withSecrets(view, []);
    return this.store.createDocument(
      MONITOR_KIND,
      key,
      body,
      changeInput(context, "monitor.create", body.metric.environment),
    );
  }

  async replace(
    key: string,
    view: MonitorView,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<DocumentWrite<Monitor>> {
    const version = requireVersion(expectedVersion, `monitor "${key}"`);
    const current = await this.get(key);
    if (current.archived) throw new AppError("UNPROCESSABLE", `Monitor "${key}" is archived.`);
    // Secrets left out or sent back redacted come from the version being replaced.
    const body = this.#withSecrets(view, current.body.alert?.channels ?? []);
    const change = changeInput(context, "monitor.update", body.metric.environment);
    return this.store.replaceDocument(MONITOR_KIND, key, version, body, change);
  }

  /** Archives a monitor: the runner stops evaluating it; its alerts stay. */
  async archive(key: string, expectedVersion: number | undefined, context: WriteContext) {
    const current = await this.get(key);
    const version = expectedVersion ?? current.version;
    const change = changeInput(context, "monitor.archive", current.body.metric.environment);
    return this.store.replaceDocument(MONITOR_KIND, key, version, current.body, change, { archived: true });
  }

  /** The runner's view of a monitor: its state, open alerts and the latest alerts. */
  async status(key: string): Promise<MonitorStatusView> {
    const monitor = await this.get(key);
    const state = await this.store.getMonitorState<MonitorRunState>(key);
    const alerts = await this.store.listAlerts({ monitor: key, limit: 10 });
    return {
      monitor: key,
      archived: monitor.archived,
      evaluatedThrough: state?.evaluatedThrough ?? null,
      basis: state?.lastBasis ?? null,
      incident: state?.incident ?? null,
      last: state?.minutes?.at(-1) ?? null,
      // The dashboard draws the recent minutes against their band and the hourly ledger as the budget's burn.
      minutes: state?.minutes ?? [],
      hours: state?.hours ?? [],
      openAlerts: alerts.filter((a) => a.resolvedAt === null),
      recentAlerts: alerts,
    };
  }

  listAlerts(filter: { monitor?: string; open?: boolean; limit?: number }): Promise<Alert[]> {
    return this.store.listAlerts(filter);
  }

  async alert(id: string): Promise<Alert & { deliveries: AlertDelivery[] }> {
    const alert = await this.store.getAlert(id);
    if (alert === undefined) throw new AppError("NOT_FOUND", `Alert "${id}" does not exist.`);
    return { ...alert, deliveries: await this.store.listDeliveries(id) };
  }

  async budget(key: string): Promise<MonitorBudgetView> {
    const monitor = await this.get(key);
    const state = await this.store.getMonitorState<MonitorRunState>(key);
    const budget = monitor.body.budget ?? DEFAULT_BUDGET;
    const windowStart = new Date(this.clock.now().getTime() - budget.windowDays * 86_400_000).toISOString();
    const alerts = await this.store.listAlerts({ monitor: key, limit: 1000 });
    return computeBudget({
      monitor: key,
      budget,
      now: this.clock.now(),
      state,
      incidents: alerts.filter((a) => a.onsetAt >= windowStart),
    });
  }

  /** The monitor to store: channel secrets resolved against the stored ones, then checked as a whole. */
  #withSecrets(view: MonitorView, stored: readonly MonitorChannel[]): Monitor {
    const { alert, ...rest } = view;
    if (alert === undefined) return this.#check(rest, []);
    const { channels: given, ...policy } = alert;
    if (given === undefined) return this.#check({ ...rest, alert: policy }, []);
    const { channels, problems } = resolveChannelSecrets(given, stored);
    return this.#check({ ...rest, alert: { ...policy, channels } }, problems);
  }

  // The edge checked the shape; here what the shape cannot say: the query language accepts the metric, URLs parse.
  #check(body: Monitor, earlier: readonly Problem[]): Monitor {
    const problems: Problem[] = [...earlier];
    if (body.metric.fn === "sum" && body.metric.field === undefined) {
      problems.push({ path: "metric.field", message: "is required to sum" });
    }
    if (body.metric.fn === "count" && body.metric.field !== undefined) {
      problems.push({ path: "metric.field", message: "count takes no field; leave it out or use sum" });
    }
    if (problems.length === 0) {
      const now = this.clock.now();
      const query = metricQuery(body.metric, new Date(now.getTime() - 60_000).toISOString(), now.toISOString());
      try {
        validateQuery(query, now);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const details = error.details.length > 0 ? error.details : [{ path: "", message: error.message }];
        for (const detail of details) problems.push({ path: metricPath(detail.path), message: detail.message });
      }
    }
    (body.alert?.channels ?? []).forEach((channel, index) => {
      const url = channel.type === "email" ? undefined : channel.url;
      if (url !== undefined && !isHttpUrl(url)) {
        problems.push({ path: `alert.channels[${index}].url`, message: "must be an http(s) URL" });
      }
    });
    if (body.actions?.action === "back" && body.actions.minConfidence === 0) {
      problems.push({ path: "actions.minConfidence", message: "must be above 0 for the back button" });
    }
    if (problems.length > 0) throw validationFailed(problems);
    return body;
  }
}

// The query's `where.0.value` is the monitor's `metric.where.0.value`; aggregates.0.field is `metric.field`.
function metricPath(path: string): string {
  if (path.startsWith("aggregates.0.")) return `metric.${path.slice("aggregates.0.".length)}`;
  if (path.startsWith("where") || path === "environment") return `metric.${path}`;
  return path === "" ? "metric" : `metric.${path}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Builds the monitor service from the control plane's dependencies. */
export function createMonitorService({
  store,
  clock,
}: Pick<ServiceDeps<DocumentStore & MonitorStore>, "store" | "clock">): MonitorService {
  return new MonitorService(store, clock);
}
