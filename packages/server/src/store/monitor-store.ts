import type { Alert, AlertAction, AlertDelivery } from "@switchboard/core";

/** An alert as the runner raises it (the store gives it its id). */
export type NewAlert = Omit<Alert, "id" | "resolvedAt" | "spent" | "action">;

/** A delivery attempt as the deliverer records it. */
export type NewAlertDelivery = Omit<AlertDelivery, "id">;

/** Filter of `listAlerts`, newest onset first. */
export interface AlertFilter {
  monitor?: string;
  /** Only unresolved (true) or only resolved (false) alerts. */
  open?: boolean;
  limit?: number;
}

/**
 * The monitors port: which server runs each monitor (a lease that expires), the detector state its holder keeps,
 * and the append-only alerts and delivery attempts. Alerts are keyed by monitor and onset, so a runner that
 * restarts and detects the same incident again gets the stored alert back instead of a duplicate.
 */
export interface MonitorStore {
  /**
   * Takes the monitor's lease for `owner` until `until` when nobody holds it, it expired at `now`, or `owner`
   * already holds it (a renewal). True when `owner` holds it afterwards; exactly one of concurrent callers wins.
   */
  acquireMonitorLease(monitor: string, owner: string, now: string, until: string): Promise<boolean>;
  /** Gives the lease up (on shutdown), so another server takes the monitor at once. */
  releaseMonitorLease(monitor: string, owner: string): Promise<void>;
  getMonitorState<S>(monitor: string): Promise<S | undefined>;
  /** Writes the detector state only while `owner` holds the lease (a fence against a paused old holder). */
  saveMonitorState(monitor: string, owner: string, state: unknown, now: string): Promise<boolean>;
  /** Appends the alert unless one with its key exists; answers the stored one and whether it is new. */
  appendAlert(alert: NewAlert): Promise<{ alert: Alert; created: boolean }>;
  /** Records what the monitor did about the alert, once; later calls leave the first answer. NOT_FOUND if unknown. */
  setAlertAction(id: string, action: AlertAction): Promise<Alert>;
  /** Resolves the alert once with its final spend; resolving again answers it unchanged. NOT_FOUND if unknown. */
  resolveAlert(id: string, resolvedAt: string, spent: number): Promise<Alert>;
  getAlert(id: string): Promise<Alert | undefined>;
  listAlerts(filter?: AlertFilter): Promise<Alert[]>;
  appendDelivery(delivery: NewAlertDelivery): Promise<AlertDelivery>;
  /** The alert's delivery attempts in the order they were recorded. */
  listDeliveries(alertId: string): Promise<AlertDelivery[]>;
}
