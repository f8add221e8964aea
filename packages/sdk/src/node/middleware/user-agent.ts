import UAParser from "ua-parser-js";
import { LruCache } from "../../events/lru-set.js";

/** What a user-agent string says about the client, as context attributes. */
export interface UserAgentFields {
  /** `iOS`, `Windows`, `Mac OS`…; `unknown` when the string does not say. */
  os: string;
  /** `Chrome`, `Mobile Safari`, `Firefox`…; `unknown` when the string does not say. */
  browser: string;
  /** `mobile`, `tablet`, `smarttv`, `console`, `wearable`, `embedded`, or `desktop` when none of these. */
  device: string;
}

const UNKNOWN: UserAgentFields = Object.freeze({ os: "unknown", browser: "unknown", device: "unknown" });

/** Parses user-agent strings with ua-parser-js, remembering about the last `capacity` answers (parsing costs tens of µs). */
export class UserAgentParser {
  readonly #cache: LruCache<string, UserAgentFields>;

  constructor(capacity = 1_000) {
    this.#cache = new LruCache(capacity);
  }

  /** The fields of one user-agent string; frozen and shared between callers. */
  parse(userAgent: string | undefined): UserAgentFields {
    if (userAgent === undefined || userAgent === "") return UNKNOWN;
    const cached = this.#cache.get(userAgent);
    if (cached !== undefined) return cached;
    const fields = parseUncached(userAgent);
    this.#cache.set(userAgent, fields);
    return fields;
  }
}

function parseUncached(userAgent: string): UserAgentFields {
  try {
    const { os, browser, device } = new UAParser(userAgent).getResult();
    return Object.freeze({
      os: os.name ?? "unknown",
      browser: browser.name ?? "unknown",
      device: device.type ?? "desktop",
    });
  } catch {
    return UNKNOWN;
  }
}

/** A parser shared by every middleware of the process. */
export const sharedUserAgentParser = /* @__PURE__ */ new UserAgentParser();
