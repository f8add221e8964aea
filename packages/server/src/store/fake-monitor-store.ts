import { randomUUID } from "node:crypto";
import type { Alert, AlertAction, AlertDelivery } from "@switchboard/core";
import { AppError } from "../kernel/index.js";
import type { FakeChangeLog } from "./fake-change-log.js";
import { clone, compareText, toIso } from "./fake-values.js";
import type { AlertFilter, MonitorStore, NewAlert, NewAlertDelivery } from "./monitor-store.js";

interface Run {
  owner: string | null;
  until: number;
  state: unknown;
}

/** The fake `MonitorStore`: one process, so a lease is a field and appends are immediate. */
export class FakeMonitorStore implements MonitorStore {
  readonly #runs = new Map<string, Run>();
  readonly #alerts = new Map<string, Alert>();
  readonly #deliveries: AlertDelivery[] = [];
  readonly #log: FakeChangeLog;

  constructor(log: FakeChangeLog) {
    this.#log = log;
  }

  async acquireMonitorLease(monitor: string, owner: string, now: string, until: string): Promise<boolean> {
    this.#log.assertOpen();
    const run = this.#runs.get(monitor) ?? { owner: null, until: 0, state: {} };
    if (run.owner !== null && run.owner !== owner && run.until > Date.parse(now)) return false;
    this.#runs.set(monitor, { ...run, owner, until: Date.parse(until) });
    return true;
  }

  async releaseMonitorLease(monitor: string, owner: string): Promise<void> {
    const run = this.#runs.get(monitor);
    if (run?.owner === owner) this.#runs.set(monitor, { ...run, owner: null, until: 0 });
  }

  async getMonitorState<S>(monitor: string): Promise<S | undefined> {
    const run = this.#runs.get(monitor);
    return run === undefined ? undefined : (clone(run.state) as S);
  }

  async saveMonitorState(monitor: string, owner: string, state: unknown, now: string): Promise<boolean> {
    this.#log.assertOpen();
    const run = this.#runs.get(monitor);
    if (run === undefined || run.owner !== owner || run.until <= Date.parse(now)) return false;
    run.state = clone(state);
    return true;
  }

  async appendAlert(alert: NewAlert): Promise<{ alert: Alert; created: boolean }> {
    this.#log.assertOpen();
    const existing = [...this.#alerts.values()].find((a) => a.key === alert.key);
    if (existing !== undefined) return { alert: clone(existing), created: false };
    const full: Alert = {
      ...clone(alert),
      onsetAt: toIso(alert.onsetAt),
      detectedAt: toIso(alert.detectedAt),
      id: randomUUID(),
      resolvedAt: null,
      spent: 0,
      action: null,
    };
    this.#alerts.set(full.id, full);
    return { alert: clone(full), created: true };
  }

  async setAlertAction(id: string, action: AlertAction): Promise<Alert> {
    this.#log.assertOpen();
    const alert = this.#require(id);
    if (alert.action === null) alert.action = clone(action);
    return clone(alert);
  }

  async resolveAlert(id: string, resolvedAt: string, spent: number): Promise<Alert> {
    this.#log.assertOpen();
    const alert = this.#require(id);
    if (alert.resolvedAt === null) {
      alert.resolvedAt = toIso(resolvedAt);
      alert.spent = spent;
    }
    return clone(alert);
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    return clone(this.#alerts.get(id));
  }

  async listAlerts(filter: AlertFilter = {}): Promise<Alert[]> {
    return [...this.#alerts.values()]
      .filter(
        (a) =>
          (filter.monitor === undefined || a.monitor === filter.monitor) &&
          (filter.open === undefined || (a.resolvedAt === null) === filter.open),
      )
      .sort((a, b) => Date.parse(b.onsetAt) - Date.parse(a.onsetAt) || compareText(a.id, b.id))
      .slice(0, filter.limit ?? 100)
      .map((a) => clone(a));
  }

  async appendDelivery(delivery: NewAlertDelivery): Promise<AlertDelivery> {
    this.#log.assertOpen();
    this.#require(delivery.alertId);
    const stored: AlertDelivery = { ...clone(delivery), at: toIso(delivery.at), id: randomUUID() };
    this.#deliveries.push(stored);
    return clone(stored);
  }

  async listDeliveries(alertId: string): Promise<AlertDelivery[]> {
    return this.#deliveries.filter((d) => d.alertId === alertId).map((d) => clone(d));
  }

  #require(id: string): Alert {
    const alert = this.#alerts.get(id);
    if (alert === undefined) throw new AppError("NOT_FOUND", `Alert "${id}" does not exist.`);
    return alert;
  }
}
