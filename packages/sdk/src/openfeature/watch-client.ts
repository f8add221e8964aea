import type { SwitchboardClient } from "../client/client-types.js";

/** What a provider tells OpenFeature when its client's state changes. */
export interface ClientStateHandlers {
  /** The client serves a fresh payload again after a failed start or a stale period. */
  recovered(): void;
  /** The payload changed; `keys` are the flags whose definition changed. */
  changed(keys: string[]): void;
  /** The client keeps serving its last payload but could not refresh it. */
  stale(message: string): void;
}

/**
 * Follows a client's `change`, `ready` and `error` events from a known state (`healthy` when it serves a payload);
 * returns the function that stops following.
 */
export function watchClient(client: SwitchboardClient, handlers: ClientStateHandlers, healthyNow: boolean): () => void {
  let healthy = healthyNow;
  const recover = (): void => {
    if (healthy) return;
    healthy = true;
    handlers.recovered();
  };
  const stops = [
    client.on("ready", (state) => {
      if (state.source !== "none") recover();
    }),
    client.on("change", ({ keys }) => {
      recover();
      handlers.changed(keys);
    }),
    client.on("error", ({ message }) => {
      if (!healthy) return;
      healthy = false;
      handlers.stale(message);
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

/** Waits for the client's first payload; rejects when none arrived in time, so OpenFeature reports ERROR. */
export async function awaitFirstPayload(client: SwitchboardClient, timeoutMs: number | undefined): Promise<void> {
  const state = await client.ready(timeoutMs === undefined ? undefined : { timeoutMs });
  if (state.timedOut && state.source === "none") {
    throw new Error("no payload arrived before the timeout; serving defaults until one does");
  }
}

/**
 * A provider's `initialize`: waits for the client's first payload, then relays its health and changes through
 * `handlers`. Relaying starts even when the wait fails, so that a payload arriving later still makes the provider
 * ready; `keep` receives the function that stops relaying.
 */
export async function relayClient(
  client: SwitchboardClient,
  timeoutMs: number | undefined,
  handlers: ClientStateHandlers,
  keep: (stop: () => void) => void,
): Promise<void> {
  let healthy = true;
  try {
    await awaitFirstPayload(client, timeoutMs);
  } catch (error) {
    healthy = false;
    throw error;
  } finally {
    keep(watchClient(client, handlers, healthy));
  }
}
