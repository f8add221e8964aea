import type { IngestItem, WideEvent } from "@switchboard/core";
import type { Context, EvaluationRecord, SwitchboardClient } from "../client/client-types.js";
import { type EventStats, EventTransport, type EventTransportOptions } from "./event-transport.js";
import { type ExposureOptions, exposureRecorder } from "./exposure-recorder.js";
import { Sampler, type SamplingOptions } from "./sampler.js";
import { variationOf } from "./variation-of.js";
import { EventBuilder, type EventSink, type StartEventOptions } from "./wide-event.js";

/** Settings of exposures and wide events; `url` and `sdkKey` default to the client's. */
export interface EventsClientOptions extends ExposureOptions, Partial<EventTransportOptions> {
  /** Where items go instead of a new `EventTransport` (tests, a shared transport). */
  transport?: ItemTransport;
  /** Sampling of wide events (exposures are never sampled); without it every event is sent. */
  sampling?: SamplingOptions;
}

/** What carries items to the server: `EventTransport` or anything shaped like it. */
export interface ItemTransport {
  enqueue(item: IngestItem): void;
  eventStats(): EventStats;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Exposures and wide events of one flag client. */
export interface EventsClient {
  readonly client: SwitchboardClient;
  readonly transport: ItemTransport;
  /** Starts a wide event for `context`; every evaluation made with that same context object lands in its assignment vector. */
  startEvent(context: Context, options?: StartEventOptions): EventBuilder;
  /** The event started for this context object and not ended yet, if any. */
  activeEvent(context: Context): EventBuilder | undefined;
  eventStats(): EventStats;
  flush(): Promise<void>;
  /** Detaches from the client and flushes and closes the transport (the flag client stays open). */
  close(): Promise<void>;
}

const attached = new WeakMap<SwitchboardClient, EventsClient>();
// Shared by every event started without options: no allocation per request.
const NO_OPTIONS: StartEventOptions = Object.freeze({});

/** Attaches exposure recording and wide events to a flag client; flags-only code never imports this module. */
export function createEventsClient(client: SwitchboardClient, options: EventsClientOptions = {}): EventsClient {
  const transport = options.transport ?? createTransport(client, options);
  // Identity, not equality: the request's context object is the key, so lookups cost one WeakMap probe.
  const active = new WeakMap<Context, EventBuilder>();
  const sampler = options.sampling === undefined ? undefined : new Sampler(options.sampling);
  const sink: EventSink = {
    environment: options.environment ?? client.options.environment,
    release: options.release ?? client.options.release,
    sampler,
    finish(event: WideEvent | undefined, builder: EventBuilder) {
      if (active.get(builder.context) === builder) active.delete(builder.context);
      if (event !== undefined) transport.enqueue(event);
    },
  };
  const recordExposure = exposureRecorder(client, transport, options);
  // One listener for both uses: one call per evaluation, and the variation named once.
  const detach = client.addEvaluationListener((record: EvaluationRecord) => {
    const variation = variationOf(record.result);
    if (variation !== undefined) {
      const event = active.get(record.context);
      event?.assign(record.flagKey, variation);
      const experiment = record.result.experiment;
      if (sampler !== undefined && record.result.inExperiment && experiment !== undefined) {
        event?.inExperiment(experiment.key);
      }
    }
    recordExposure?.(record, variation);
  });
  const events: EventsClient = {
    client,
    transport,
    startEvent(context, startOptions = NO_OPTIONS) {
      const builder = new EventBuilder(context, startOptions, sink);
      active.set(context, builder);
      return builder;
    },
    activeEvent: (context) => active.get(context),
    eventStats: () => transport.eventStats(),
    flush: () => transport.flush(),
    async close() {
      detach();
      if (attached.get(client) === events) attached.delete(client);
      await transport.close();
    },
  };
  attached.set(client, events);
  return events;
}

/** Starts a wide event through the events attached to `client` by `createEventsClient`; without them the event is built but not sent. */
export function startEvent(client: SwitchboardClient, context: Context, options: StartEventOptions = {}): EventBuilder {
  const events = attached.get(client);
  if (events !== undefined) return events.startEvent(context, options);
  return new EventBuilder(context, options, detachedSink(client));
}

/** The events attached to a flag client, if any. */
export function eventsOf(client: SwitchboardClient): EventsClient | undefined {
  return attached.get(client);
}

function createTransport(client: SwitchboardClient, options: EventsClientOptions): ItemTransport {
  const url = options.url ?? client.options.url;
  const sdkKey = options.sdkKey ?? client.options.sdkKey;
  const logger = options.logger ?? client.options.logger;
  const fetchImpl = options.fetch ?? client.options.fetch;
  if (url === undefined || sdkKey === undefined) return offlineTransport(logger);
  const transportOptions: EventTransportOptions = { ...options, url, sdkKey };
  if (logger !== undefined) transportOptions.logger = logger;
  if (fetchImpl !== undefined) transportOptions.fetch = fetchImpl;
  // A `fetch` given for tests or a proxy carries events too; the platform's poster applies only without one.
  const post = options.post ?? (fetchImpl === undefined ? client.options.postEvents : undefined);
  if (post !== undefined) transportOptions.post = post;
  return new EventTransport(transportOptions);
}

function offlineTransport(logger: ((message: string) => void) | undefined): ItemTransport {
  const stats: EventStats = {
    queued: 0,
    inFlight: 0,
    sent: 0,
    dropped: 0,
    failed: 0,
    rejected: 0,
    retries: 0,
    batchesSent: 0,
  };
  return {
    enqueue() {
      if (stats.dropped++ === 0)
        (logger ?? console.warn)("switchboard: events are dropped: no url or sdkKey to send them to");
    },
    eventStats: () => ({ ...stats }),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function detachedSink(client: SwitchboardClient): EventSink {
  return { environment: client.options.environment, release: client.options.release, finish: () => undefined };
}
