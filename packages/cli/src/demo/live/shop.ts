import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventsClient } from "@switchboard/sdk/events";
import { withSwitchboard } from "@switchboard/sdk/middleware";
import type { SwitchboardClient } from "@switchboard/sdk/node";
import type { DemoApi } from "./demo-api.js";
import { guest } from "./guests.js";
import { STALE_GATE } from "./seed.js";

export const CHECKOUT_FLAG = "new-checkout";
/** The new checkout's payment step, A/B tested once the checkout is out: its variation B has the bug. */
export const PAYMENT_FLAG = "new-checkout-payment";
/** Guests visit at this rate, each visit a search, a view and a booking: 120 bookings a minute undisturbed. */
export const VISITS_PER_SECOND = 2;
export const LIVE_GUESTS = 400;
/** Share of variation B's bookings its bug breaks. */
const B_FAILURE_SHARE = 0.9;

/** Whether the checkout bug hits this guest's booking (stable per guest, so the same guests keep failing). */
function bugHits(id: string): boolean {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 100 < B_FAILURE_SHARE * 100;
}

/** The shop's web service: node:http with the SDK's middleware, one wide event per request. */
export async function startShopServer(
  client: SwitchboardClient,
  events: EventsClient,
): Promise<{ url: string; server: Server }> {
  const server = createServer(
    withSwitchboard(
      async (req, res) => {
        const scope = req.switchboard;
        const ev = scope.event;
        const route = (req.url ?? "/").split("?")[0] ?? "/";
        ev.set("http.route", route)
          .set("user.country", String(scope.context["country"] ?? ""))
          .set("channel", "web");
        if (route === "/search") {
          const order = scope.value("search-ranking", "price");
          await ev.span("sql", () => wait(1));
          await ev.span("sql", () => wait(1));
          await ev.span("render", () => wait(2));
          res.end(`results by ${String(order)}`);
          return;
        }
        if (route === "/view") {
          await ev.span("sql", () => wait(1));
          await ev.span("render", () => wait(2));
          res.end("room");
          return;
        }
        if (route === "/book") {
          const checkout = scope.isOn(CHECKOUT_FLAG) ? "on" : "off";
          const payment = scope.variation<string>(PAYMENT_FLAG).variation ?? "old";
          // The new payment step reads the cart once per line (B twice, behind a lock: its bug's trace in SQL).
          const queries = payment === "B" ? 6 : payment === "A" ? 3 : 2;
          for (let i = 0; i < queries; i++) await ev.span("sql", () => wait(payment === "B" ? 4 : 1));
          const id = String(scope.context["id"] ?? "");
          if (payment === "B" && bugHits(id)) {
            ev.message("payment-call refused: amount rounded to 0 by the new checkout", { payment });
            res.statusCode = 502;
            res.end("booking failed");
            return;
          }
          await ev.span("payment-call", () => wait(5));
          // The launched gate, still in the code: on for everyone, so the debt board lists it.
          ev.set("booking.confirmation", scope.isOn(STALE_GATE) ? "instant" : "review");
          // Its own context object, so the request's event keeps its own assignment vector.
          const bookingContext = { ...scope.context };
          const booking = events.startEvent(bookingContext, { name: "booking" });
          client.variation(PAYMENT_FLAG, bookingContext);
          booking.assign(CHECKOUT_FLAG, checkout);
          booking.assign(PAYMENT_FLAG, payment);
          booking.set("channel", "web").set("booking.amount", 120).set("checkout", checkout).end();
          ev.message("booking confirmed");
          res.end("booked");
          return;
        }
        res.statusCode = 404;
        res.end();
      },
      {
        events,
        enrich: (req, context) => {
          const country = req.headers["x-country"];
          if (typeof country === "string") context["country"] = country;
        },
      },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}

/** Guests visiting the shop: visit n is due at origin + n / VISITS_PER_SECOND seconds, so a slow tick never thins a minute. */
export function startGuests(shopUrl: string, origin: number, firstVisit: number): { stop: () => void } {
  let next = firstVisit;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - origin) * VISITS_PER_SECOND) / 1000);
    for (; next <= due; next++) {
      const who = guest(next % LIVE_GUESTS);
      const headers = { "x-switchboard-id": who.id, "user-agent": who.userAgent, "x-country": who.country };
      void (async () => {
        await get(`${shopUrl}/search`, headers);
        await get(`${shopUrl}/view`, headers);
        await get(`${shopUrl}/book`, headers);
      })();
    }
  }, 100);
  return { stop: () => clearInterval(timer) };
}

/** The hour before now as the shop sent it (the old checkout for everyone), so the monitor has a baseline. */
export async function backfillLiveHour(api: DemoApi, origin: number, until: number): Promise<number> {
  const total = Math.floor(((until - origin) * VISITS_PER_SECOND) / 1000);
  let lines: string[] = [];
  for (let n = 0; n < total; n++) {
    const ts = new Date(origin + (n * 1000) / VISITS_PER_SECOND).toISOString();
    const who = guest(n % LIVE_GUESTS);
    const assignments = { [CHECKOUT_FLAG]: "off", [PAYMENT_FLAG]: "old" };
    const requestAssignments = { ...assignments, [STALE_GATE]: "on" };
    const user = { country: who.country, os: who.os, device: who.device };
    lines.push(
      JSON.stringify({
        type: "event",
        id: `lr-${n}`,
        ts,
        name: "request",
        unit: who.id,
        status: "200",
        durationMs: 20,
        assignments: requestAssignments,
        fields: { http: { route: "/book" }, channel: "web", user },
        spans: { sql: { ms: 6, count: 2 }, "payment-call": { ms: 90, count: 1 } },
      }),
      JSON.stringify({
        type: "event",
        id: `lb-${n}`,
        ts,
        name: "booking",
        unit: who.id,
        assignments,
        fields: { channel: "web", booking: { amount: 120 }, checkout: "off", user },
      }),
    );
    if (lines.length >= 2_000 || n === total - 1) {
      await api.call("POST", "/events?environment=production", `${lines.join("\n")}\n`);
      lines = [];
    }
  }
  return total;
}
