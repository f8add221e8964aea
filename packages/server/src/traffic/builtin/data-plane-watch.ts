import type { TrafficServiceDocument } from "@switchboard/proxy";
import type { CommitFeed, DocumentStore, StoredDocument } from "../../store/index.js";

type ServiceDoc = StoredDocument<TrafficServiceDocument>;

interface Waiter {
  after: number;
  wake: (doc?: ServiceDoc) => void;
}

/**
 * Long-poll waits of built-in proxies on their service's document: a wait ends as soon as the document's version
 * differs from the one the proxy has. It rides on the store's commit notifications, which reach every server on
 * the same database, so a proxy may wait on any server of a cluster. One read per changed service per commit,
 * however many proxies wait on it.
 */
export class DataPlaneWatch {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private unsubscribe: (() => void) | undefined;
  private checking: Promise<void> | undefined;
  private recheck = false;
  private released = false;

  constructor(private readonly store: DocumentStore & CommitFeed) {}

  /**
   * Resolves when service `key`'s document is at a version other than `after` (with that document when it is at
   * hand), or with undefined after `timeoutMs`; the caller reads the document itself then.
   */
  waitForChange(key: string, after: number, timeoutMs: number): Promise<ServiceDoc | undefined> {
    if (this.released || timeoutMs <= 0) return Promise.resolve(undefined);
    this.unsubscribe ??= this.store.onCommitted(() => this.onCommitted());
    return new Promise((resolve) => {
      let waiters = this.waiters.get(key);
      if (waiters === undefined) {
        waiters = new Set();
        this.waiters.set(key, waiters);
      }
      const timer = setTimeout(() => waiter.wake(), timeoutMs);
      const waiter: Waiter = {
        after,
        wake: (doc) => {
          clearTimeout(timer);
          const set = this.waiters.get(key);
          set?.delete(waiter);
          if (set?.size === 0) this.waiters.delete(key);
          resolve(doc);
        },
      };
      waiters.add(waiter);
      // A commit may have landed between the caller's read and this registration.
      this.onCommitted();
    });
  }

  /**
   * A write of this server: waiters on it get the document at once, without waiting for the commit notification
   * and a read (other servers still hear of it through the notification).
   */
  written(key: string, doc: ServiceDoc): void {
    for (const waiter of [...(this.waiters.get(key) ?? [])]) if (waiter.after !== doc.version) waiter.wake(doc);
  }

  /** Ends every wait now and every later one at once (the server is stopping). */
  release(): void {
    this.released = true;
    for (const waiters of [...this.waiters.values()]) for (const waiter of [...waiters]) waiter.wake();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onCommitted(): void {
    if (this.checking !== undefined) {
      this.recheck = true;
      return;
    }
    this.checking = this.check().finally(() => {
      this.checking = undefined;
      if (this.recheck) {
        this.recheck = false;
        this.onCommitted();
      }
    });
  }

  private async check(): Promise<void> {
    for (const [key, waiters] of [...this.waiters]) {
      const doc = await this.store.getDocument<TrafficServiceDocument>("service", key).catch(() => undefined);
      if (doc === undefined) continue;
      for (const waiter of [...waiters]) if (waiter.after !== doc.version) waiter.wake(doc);
    }
  }
}
