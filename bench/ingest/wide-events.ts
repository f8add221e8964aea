import type { WideEvent } from "@switchboard/core";
import { createRandom, pick, type Random } from "../lib/prng.js";

const ROUTES = ["/", "/search", "/hotel/:id", "/checkout", "/account", "/api/rates", "/api/availability"];
const COUNTRIES = ["jp", "de", "us", "fr", "gb", "br", "in", "au"];
const BROWSERS = ["chrome", "firefox", "safari", "edge"];
const PLANS = ["free", "pro", "team", "enterprise"];
const RELEASES = ["64fd32f", "a1b2c3d", "9e8f7a6"];
const FLAGS = ["exp-13", "new-checkout", "search-ranking", "dark-mode", "rate-cache"];
const MESSAGES = [
  "cache miss for rates",
  "retrying payment provider",
  "slow query on availability",
  "user session refreshed",
  "fallback to default currency",
  "rendered from stale cache",
];

/** Builds the i-th of a reproducible population of realistic wide events: ~20 fields, 3 assignments, 2 messages, 3 spans. */
export function createWideEvents(count: number, seed = 1, startMs = Date.UTC(2026, 0, 1)): WideEvent[] {
  const random = createRandom(seed);
  const events: WideEvent[] = [];
  for (let i = 0; i < count; i += 1) events.push(wideEvent(random, i, startMs + i * 7));
  return events;
}

function wideEvent(random: Random, index: number, atMs: number): WideEvent {
  const sqlCount = 1 + Math.floor(random() * 12);
  const flags = [...FLAGS].sort(() => random() - 0.5).slice(0, 3);
  return {
    type: "event",
    id: `ev-${index.toString(36)}-${Math.floor(random() * 1e9).toString(36)}`,
    ts: new Date(atMs).toISOString(),
    name: "request",
    unit: `user-${Math.floor(random() * 50_000)}`,
    release: pick(random, RELEASES),
    durationMs: Math.round(random() * 900 * 10) / 10,
    status: random() < 0.03 ? 500 : 200,
    assignments: Object.fromEntries(flags.map((flag) => [flag, random() < 0.5 ? "A" : "B"])),
    messages: [
      { atMs: Math.round(random() * 50), text: pick(random, MESSAGES) },
      { atMs: Math.round(random() * 200), text: pick(random, MESSAGES) },
    ],
    spans: {
      sql: { ms: Math.round(random() * 300), count: sqlCount },
      render: { ms: Math.round(random() * 80), count: 1 },
      "payment-call": { ms: Math.round(random() * 400), count: random() < 0.2 ? 1 : 0 },
    },
    counters: { "cache.hits": Math.floor(random() * 20), "cache.misses": Math.floor(random() * 5) },
    fields: {
      http: {
        method: random() < 0.8 ? "GET" : "POST",
        route: pick(random, ROUTES),
        bytes: Math.floor(random() * 80_000),
      },
      user: { country: pick(random, COUNTRIES), plan: pick(random, PLANS), age_days: Math.floor(random() * 2_000) },
      client: { browser: pick(random, BROWSERS), mobile: random() < 0.4, version: `12.${Math.floor(random() * 9)}` },
      booking: { amount: Math.round(random() * 90_000) / 100, currency: "EUR", nights: 1 + Math.floor(random() * 6) },
      search: { results: Math.floor(random() * 200), page: 1 + Math.floor(random() * 4) },
      host: `web-${Math.floor(random() * 12)}`,
      region: pick(random, ["eu-west-1", "ap-northeast-1", "us-east-1"]),
      trace_id: Math.floor(random() * 2 ** 52).toString(16),
      cache_hit: random() < 0.7,
    },
  };
}
