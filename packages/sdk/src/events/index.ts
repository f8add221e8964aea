/** Exposures, wide events and spans, and their batching transport; browser-safe. */
export { type BatchPoster, fetchPoster, type PostAnswer } from "./batch-poster.js";
export { type BatchResult, BatchSender, type BatchSenderOptions } from "./batch-sender.js";
export { type EventStats, EventTransport, type EventTransportOptions } from "./event-transport.js";
export {
  createEventsClient,
  type EventsClient,
  type EventsClientOptions,
  eventsOf,
  type ItemTransport,
  startEvent,
} from "./events-client.js";
export { attachExposures, type ExposureMode, type ExposureOptions, type ItemSink } from "./exposure-recorder.js";
export { LruCache, LruSet } from "./lru-set.js";
export { type KeepRule, Sampler, type SamplingOptions, sampleHash, traceIdOf } from "./sampler.js";
export type { Span } from "./span-recorder.js";
export { type EndEventOptions, EventBuilder, type EventSink, type StartEventOptions } from "./wide-event.js";
