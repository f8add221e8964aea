import pg from "pg";
import { type ListenOptions, quoteIdentifier } from "./sql-client.js";

const RECONNECT_DELAY_MS = { first: 100, max: 5_000 } as const;

interface Subscription {
  fn: (payload: string) => void;
  onReconnect: (() => void) | undefined;
}

/** One dedicated PostgreSQL connection for LISTEN, re-established with backoff whenever it drops. */
export class PostgresListener {
  readonly #databaseUrl: string;
  readonly #channels = new Map<string, Set<Subscription>>();
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #delayMs: number = RECONNECT_DELAY_MS.first;
  #closed = false;

  constructor(databaseUrl: string) {
    this.#databaseUrl = databaseUrl;
  }

  /** Adds a subscriber; resolves once the connection is listening on the channel. */
  async subscribe(channel: string, fn: (payload: string) => void, options: ListenOptions) {
    const subscription: Subscription = { fn, onReconnect: options.onReconnect };
    let subscribers = this.#channels.get(channel);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.#channels.set(channel, subscribers);
      try {
        // LISTEN is idempotent, so a channel also picked up by a concurrent (re)connect does no harm.
        const client = await this.#connected();
        await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      } catch (error) {
        if (subscribers.size === 0) this.#channels.delete(channel);
        throw error;
      }
    }
    subscribers.add(subscription);
    return async () => {
      subscribers.delete(subscription);
      if (subscribers.size > 0 || this.#channels.get(channel) !== subscribers) return;
      this.#channels.delete(channel);
      await this.#client?.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const client = this.#client ?? (await this.#connecting?.catch(() => undefined));
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  #connected(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.#databaseUrl });
    client.on("notification", (message) => this.#dispatch(message.channel, message.payload ?? ""));
    client.on("error", () => this.#lost(client));
    client.on("end", () => this.#lost(client));
    try {
      await client.connect();
      for (const channel of this.#channels.keys()) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
      throw error;
    }
    this.#client = client;
    this.#delayMs = RECONNECT_DELAY_MS.first;
    return client;
  }

  #dispatch(channel: string, payload: string): void {
    for (const subscription of [...(this.#channels.get(channel) ?? [])]) subscription.fn(payload);
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#channels.size === 0 || this.#reconnectTimer !== undefined) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#connected().then(
        () => this.#announceReconnect(),
        () => {
          this.#delayMs = Math.min(this.#delayMs * 2, RECONNECT_DELAY_MS.max);
          this.#scheduleReconnect();
        },
      );
    }, this.#delayMs);
    this.#reconnectTimer.unref();
  }

  #announceReconnect(): void {
    for (const subscribers of this.#channels.values()) {
      for (const subscription of subscribers) subscription.onReconnect?.();
    }
  }
}
