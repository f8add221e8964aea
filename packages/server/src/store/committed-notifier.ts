import { CHANGES_CHANNEL, selectLatestSeq } from "./sql-changes.js";
import type { SqlClient } from "./sql-client.js";

/**
 * Turns `switchboard_changes` notifications into `onCommitted` calls. Local writes are reported by the same
 * notification as remote ones (PostgreSQL delivers a session's own NOTIFY to its LISTEN), so each commit is
 * reported exactly once, in commit order.
 */
export class CommittedNotifier {
  readonly #listeners = new Set<(seq: number) => void>();
  #lastSeq: number;
  #unlisten: (() => Promise<void>) | undefined;

  private constructor(lastSeq: number) {
    this.#lastSeq = lastSeq;
  }

  /** Starts listening on `client`; changes committed before this call are not reported. */
  static async start(client: SqlClient): Promise<CommittedNotifier> {
    const notifier = new CommittedNotifier(await selectLatestSeq(client));
    notifier.#unlisten = await client.listen(CHANGES_CHANNEL, (payload) => notifier.#report(Number(payload)), {
      // Notifications sent while the connection was down are gone: report the newest seq instead.
      onReconnect: () => {
        selectLatestSeq(client).then(
          (seq) => notifier.#report(seq),
          () => {},
        );
      },
    });
    return notifier;
  }

  add(listener: (seq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async stop(): Promise<void> {
    this.#listeners.clear();
    await this.#unlisten?.();
  }

  #report(seq: number): void {
    // Also drops repeats, e.g. a catch-up after reconnect racing a late notification.
    if (!Number.isSafeInteger(seq) || seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    for (const listener of [...this.#listeners]) {
      try {
        listener(seq);
      } catch {
        // One failing listener must not keep the others from hearing about the commit.
      }
    }
  }
}
