import { randomBytes } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import {
  type CustomerLookup,
  type CustomerPreviewGrant,
  type CustomerRequest,
  type CustomerSearch,
  NAME_PATTERN,
  resolveVariations,
} from "@switchboard/core";
import type { UnitEvent } from "@switchboard/events";
import { AppError, type Clock, Timestamp, timestampMs, type WriteContext } from "../../kernel/index.js";
import type { ChangeLog } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { customerNow, type UnitAttributes } from "./customer-now.js";
import type { CurrentFlagSet, CustomerEvents } from "./customer-ports.js";
import { CustomerPreviews } from "./customer-previews.js";
import { exposureTimeline, variationsAt } from "./exposure-timeline.js";

/** Query of `GET /customers`: find units by an attribute value. */
export const CustomerSearchQuerySchema = Type.Object(
  {
    attribute: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: "^[A-Za-z0-9_.-]+$",
      description: "The attribute, as sent under `fields.context` (or at the top of `fields`), e.g. email_hash.",
    }),
    value: Type.String({ minLength: 1, maxLength: 1000, description: "The value to match exactly." }),
  },
  { additionalProperties: false },
);

/** Query of `GET /customers/:unit`. */
export const CustomerLookupQuerySchema = Type.Object(
  {
    requests: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: "Recent requests shown; 50." })),
  },
  { additionalProperties: false },
);

/** Query of `GET /customers/:unit/events`: the raw events of a window. */
export const CustomerEventsQuerySchema = Type.Object(
  {
    from: Timestamp("Inclusive start."),
    to: Timestamp("Exclusive end."),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "Most events answered; 200." })),
  },
  { additionalProperties: false },
);

/** Body of `POST /customers/:unit/previews`. */
export const CreatePreviewSchema = Type.Object(
  {
    environment: Type.String({ pattern: NAME_PATTERN, description: "Where the preview is served." }),
    at: Type.Optional(
      Timestamp(
        "The moment to reproduce: what the unit was served then (exposures, and its request's assignments). " +
          "Left out: what it is served now.",
      ),
    ),
    overrides: Type.Optional(
      Type.Record(Type.String({ pattern: NAME_PATTERN }), Type.String({ minLength: 1, maxLength: 200 }), {
        description: "Flag key → variation key, picked at will; applied over the customer's.",
      }),
    ),
    ttlSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 30 * 86_400, description: "How long the token works, in seconds; 1 hour." }),
    ),
    appUrl: Type.Optional(
      Type.String({
        pattern: "^https?://",
        maxLength: 2000,
        description: "Your app's address; the answer's `link` is it with `sb_preview=<token>` added.",
      }),
    ),
  },
  { additionalProperties: false },
);

export type CustomerSearchQuery = Static<typeof CustomerSearchQuerySchema>;
export type CustomerLookupQuery = Static<typeof CustomerLookupQuerySchema>;
export type CustomerEventsQuery = Static<typeof CustomerEventsQuerySchema>;
export type CreatePreviewInput = Static<typeof CreatePreviewSchema>;

/** The change-log actions of the support view's reads, so the audit log says who looked up whom. */
export const LOOKUP_ACTION = "customer.lookup";
export const SEARCH_ACTION = "customer.search";
export const RAW_EVENTS_ACTION = "customer.events";

const DEFAULT_REQUESTS = 50;
/** How many of the unit's newest exposures the timeline folds. */
const MAX_EXPOSURES = 5_000;
/** The minutes either side of a request that its raw-events link covers. */
const WINDOW_MS = 5 * 60_000;
/** The recent events read for the unit's last known attributes. */
const ATTRIBUTE_EVENTS = 50;

/** The customer-support view: look a unit up, read its raw events, preview what it sees. */
export class CustomerService {
  constructor(
    private readonly store: ChangeLog,
    private readonly clock: Clock,
    private readonly flagSets: CurrentFlagSet,
    private readonly events: CustomerEvents | undefined,
    readonly previews: CustomerPreviews,
  ) {}

  /** Units whose events carry the attribute value; NOT_FOUND naming the search when none does. Audited. */
  async search(query: CustomerSearchQuery, context: WriteContext): Promise<CustomerSearch> {
    const events = this.requireEvents();
    await this.audit(context, SEARCH_ACTION, `${query.attribute}=${query.value}`, { search: query });
    const units = await events.unitsByAttribute(query.attribute, query.value, 100);
    if (units.length === 0) {
      throw new AppError(
        "NOT_FOUND",
        `No unit's events carry ${query.attribute} = ${JSON.stringify(query.value)} (searched the fields ` +
          `context.${query.attribute} and ${query.attribute} of every stored event).`,
        [{ path: "value", message: "matches no unit" }],
      );
    }
    return { attribute: query.attribute, value: query.value, units };
  }

  /** What the unit sees now, what it was served, its recent requests; NOT_FOUND when nothing is stored. Audited. */
  async lookup(unit: string, query: CustomerLookupQuery, context: WriteContext): Promise<CustomerLookup> {
    const events = this.requireEvents();
    await this.audit(context, LOOKUP_ACTION, unit, { unit });
    const [recent, exposures, current] = await Promise.all([
      events.recentEvents(unit, Math.max(query.requests ?? DEFAULT_REQUESTS, ATTRIBUTE_EVENTS)),
      events.exposures(unit, MAX_EXPOSURES),
      this.flagSets.load(),
    ]);
    if (recent.length === 0 && exposures.length === 0) throw unknownUnit(unit);
    const attributes = attributesOf(unit, recent, exposures.at(-1)?.hashAttribute);
    const newest = [recent[0]?.ts, exposures.at(-1)?.ts].filter((ts): ts is string => ts !== undefined).sort();
    return {
      unit,
      at: this.clock.now().toISOString(),
      attributes,
      lastSeen: newest.at(-1) ?? null,
      now: customerNow(current.flagSet, current.environments, attributes),
      timeline: exposureTimeline(exposures),
      requests: recent.slice(0, query.requests ?? DEFAULT_REQUESTS).map((event) => requestOf(unit, event)),
    };
  }

  /** The unit's raw events in a window, oldest first. Audited. */
  async rawEvents(unit: string, query: CustomerEventsQuery, context: WriteContext): Promise<{ items: unknown[] }> {
    const events = this.requireEvents();
    const from = new Date(timestampMs(query.from, "from"));
    const to = new Date(timestampMs(query.to, "to"));
    if (to <= from)
      throw new AppError("BAD_REQUEST", "`to` must be after `from`.", [{ path: "to", message: "must be after from" }]);
    await this.audit(context, RAW_EVENTS_ACTION, unit, { unit, from: query.from, to: query.to });
    const rows = await events.rawEvents(unit, { from, to }, query.limit ?? 200);
    return { items: rows.map((row) => row.raw) };
  }

  /**
   * Mints a preview of what the unit is served in one environment now (or was served at `at`), with `overrides`
   * picked at will on top; each picked variation must exist. Audited as the preview's creation.
   */
  async preview(unit: string, body: CreatePreviewInput, context: WriteContext): Promise<CustomerPreviewGrant> {
    const current = await this.flagSets.load();
    if (!current.environments.includes(body.environment)) {
      throw new AppError("NOT_FOUND", `Environment "${body.environment}" does not exist.`, [
        { path: "environment", message: "is not an environment" },
      ]);
    }
    const picked = body.overrides ?? {};
    const problems = Object.entries(picked).flatMap(([flag, variation]) => {
      const definition = current.flagSet.flags[flag];
      if (definition === undefined) return [{ path: `overrides.${flag}`, message: `no flag is called "${flag}"` }];
      const keys = resolveVariations(definition).map((v) => v.key);
      return keys.includes(variation)
        ? []
        : [{ path: `overrides.${flag}`, message: `"${variation}" is not a variation of ${flag} (${keys.join(", ")})` }];
    });
    if (problems.length > 0) throw new AppError("VALIDATION_FAILED", "Some picked variations do not exist.", problems);
    const atMs = body.at === undefined ? undefined : timestampMs(body.at, "at");
    const served = await this.servedVariations(unit, body.environment, atMs, current);
    const at = new Date(atMs ?? this.clock.now().getTime()).toISOString();
    const { preview, token } = await this.previews.mint(
      {
        unit,
        environment: body.environment,
        at,
        overrides: { ...served, ...picked },
        ttlSeconds: body.ttlSeconds ?? 3600,
      },
      context,
    );
    return { preview, token, link: body.appUrl === undefined ? null : linkWith(body.appUrl, token) };
  }

  // Now: the evaluation for its last known attributes. At a past moment: the assignment vector of its newest
  // request at or before then, corrected by the exposure timeline (which knows when each variation started).
  private async servedVariations(
    unit: string,
    environment: string,
    atMs: number | undefined,
    current: Awaited<ReturnType<CurrentFlagSet["load"]>>,
  ): Promise<Record<string, string>> {
    const events = this.requireEvents();
    if (atMs === undefined) {
      const [recent, exposures] = await Promise.all([
        events.recentEvents(unit, ATTRIBUTE_EVENTS),
        events.exposures(unit, 1),
      ]);
      if (recent.length === 0 && exposures.length === 0) throw unknownUnit(unit);
      const attributes = attributesOf(unit, recent, exposures.at(-1)?.hashAttribute);
      const [now] = customerNow(current.flagSet, [environment], attributes);
      const served: Record<string, string> = {};
      for (const flag of now?.flags ?? []) if (flag.variation !== null) served[flag.flag] = flag.variation;
      return served;
    }
    const [before, exposures] = await Promise.all([
      // The newest requests up to then, from which the newest in this environment is taken.
      events.recentEvents(unit, ATTRIBUTE_EVENTS, { to: new Date(atMs + 1) }),
      events.exposures(unit, MAX_EXPOSURES),
    ]);
    const request = before.find((event) => event.environment === environment);
    const fromTimeline = variationsAt(exposureTimeline(exposures), environment, atMs);
    if (request === undefined && Object.keys(fromTimeline).length === 0) {
      throw new AppError(
        "NOT_FOUND",
        `Nothing is stored of what unit "${unit}" was served in ${environment} at ${new Date(atMs).toISOString()}: ` +
          "no exposure or request at or before then.",
        [{ path: "at", message: "precedes everything stored for the unit" }],
      );
    }
    return { ...(request?.assignments ?? {}), ...fromTimeline };
  }

  private requireEvents(): CustomerEvents {
    if (this.events === undefined) {
      throw new AppError("UNAVAILABLE", "The customer lookup reads the event store, and this server runs without one.");
    }
    return this.events;
  }

  private async audit(context: WriteContext, action: string, subjectKey: string, after: unknown): Promise<void> {
    await this.store.recordChange({
      actor: context.actor,
      action,
      environment: null,
      reason: context.reason,
      subjectKind: "customer",
      subjectKey,
      after,
    });
  }
}

function unknownUnit(unit: string): AppError {
  return new AppError(
    "NOT_FOUND",
    `No events or exposures are stored for unit "${unit}" (searched the unit of every event and exposure, in every ` +
      "environment). To find a unit by an attribute, use GET /api/v1/customers?attribute=…&value=….",
    [{ path: "unit", message: "matches no stored event or exposure" }],
  );
}

/** The newest value of each `fields.context.*` over the recent events, the unit as `id` and as its hash attribute. */
function attributesOf(unit: string, recent: readonly UnitEvent[], hashAttribute: string | undefined): UnitAttributes {
  const attributes: UnitAttributes = {};
  for (const event of [...recent].reverse()) Object.assign(attributes, event.context);
  attributes["id"] ??= unit;
  if (hashAttribute !== undefined) attributes[hashAttribute] = unit;
  return attributes;
}

function requestOf(unit: string, event: UnitEvent): CustomerRequest {
  const ms = Date.parse(event.ts);
  const from = new Date(ms - WINDOW_MS).toISOString();
  const to = new Date(ms + WINDOW_MS).toISOString();
  const explorer = {
    kind: "events",
    from,
    to,
    environment: event.environment,
    where: [{ field: "unit", op: "=", value: unit }],
  };
  const { context: _context, ...request } = event;
  return {
    ...request,
    rawEventsHref: `/api/v1/customers/${encodeURIComponent(unit)}/events?${new URLSearchParams({ from, to })}`,
    explorerHref: `/explorer?${new URLSearchParams({ q: JSON.stringify(explorer), run: "1" })}`,
  };
}

function linkWith(appUrl: string, token: string): string {
  try {
    const url = new URL(appUrl);
    url.searchParams.append("sb_preview", token);
    return url.toString();
  } catch {
    throw new AppError("BAD_REQUEST", "`appUrl` is not a valid URL.", [{ path: "appUrl", message: "is not a URL" }]);
  }
}

/** What the customer view is built from, beyond the control plane's store and clock. */
export interface CustomerDeps {
  /** The event store's customer reads; the lookup answers 503 without them. */
  customerEvents?: CustomerEvents;
  /** The flag set as SDKs are served it. */
  currentFlagSet: CurrentFlagSet;
  /** The HMAC key of preview tokens (at least 32 bytes). */
  previewSecret: string;
}

/** Builds the customer service (what the composition root calls). */
export function createCustomerService(
  { store, clock }: ServiceDeps<ChangeLog>,
  { customerEvents, currentFlagSet, previewSecret }: CustomerDeps,
): CustomerService {
  const previews = new CustomerPreviews(store, clock, previewSecret);
  return new CustomerService(store, clock, currentFlagSet, customerEvents, previews);
}

/** The customer view of a control plane built without an event store or flag-set reader: every lookup answers 503. */
export function unavailableCustomerDeps(): CustomerDeps {
  return {
    currentFlagSet: {
      load: () => Promise.reject(new AppError("UNAVAILABLE", "The customer view is not wired to the flag set here.")),
    },
    previewSecret: randomBytes(32).toString("hex"),
  };
}
