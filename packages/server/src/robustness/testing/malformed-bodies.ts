import { type JsonPath, jsonPositions, REMOVE, withRawAt, withValueAt } from "./json-positions.js";

/** The classes of malformed request bodies, each one `it` per suite so one defect cannot hide another. */
export const BODY_CLASSES = [
  "wrong-types",
  "missing-fields",
  "extra-fields",
  "huge-strings",
  "nul-characters",
  "lone-surrogates",
  "deep-nesting",
  "extreme-numbers",
  "invalid-utf8",
  "truncated-json",
  "wrong-content-type",
  "empty-body",
  "array-for-object",
] as const;

export type BodyClass = (typeof BODY_CLASSES)[number];

/** One body to send: raw bytes or text, its content type (none when undefined), and a label for reports. */
export interface MalformedBody {
  label: string;
  payload: string | Buffer;
  contentType: string | undefined;
}

const JSON_TYPE = "application/json";
const WRONG_TYPES: readonly unknown[] = [null, true, 0, -1, 1.5, "text", [], {}, [1, "a"], { a: 1 }];
/** 100 kB, with multi-byte characters so byte and character limits differ. */
const HUGE = `${"x".repeat(50_000)}${"é".repeat(25_000)}`;
const DEEP_ARRAY = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`;
// Raw literals JSON.stringify cannot write: beyond 2^63, below the smallest double, minus zero, NaN as text.
const EXTREME_NUMBERS = [
  "1e308",
  "-1e308",
  "-0",
  "9223372036854775808",
  "18446744073709551616",
  "123456789012345678901234567890",
  "1e-400",
  "4.9e-324",
  '"NaN"',
  '"Infinity"',
  '"-0"',
];
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
];
const CONTENT_TYPES = [
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/x-ndjson",
  "application/jsonx",
  "application/json; charset=utf-16",
  "*/*",
];
// Free-text fields most write bodies take, for bodies that carry no string of their own.
const FALLBACK_STRING_FIELDS = ["reason", "description", "name"];

/**
 * Deterministic generator of malformed bodies derived from one valid body: every class works on the positions of
 * that body (each string, each number, each field), picked in a seeded order so a failure replays from its seed.
 */
export class MalformedBodies {
  constructor(readonly random: () => number) {}

  /** Up to `count` bodies of `bodyClass` made from `valid` (fewer when the body has fewer positions). */
  samples(bodyClass: BodyClass, valid: unknown, count: number): MalformedBody[] {
    const made = this.#make(bodyClass, valid ?? {});
    return this.#shuffle(made).slice(0, count);
  }

  #make(bodyClass: BodyClass, valid: unknown): MalformedBody[] {
    const positions = jsonPositions(valid);
    const strings = this.#stringPaths(valid, positions);
    const json = (label: string, value: unknown): MalformedBody => ({
      label,
      payload: JSON.stringify(value),
      contentType: JSON_TYPE,
    });
    const raw = (label: string, payload: string | Buffer): MalformedBody => ({
      label,
      payload,
      contentType: JSON_TYPE,
    });
    switch (bodyClass) {
      case "wrong-types":
        return positions.flatMap(({ path, value }) =>
          this.#pickSome(
            WRONG_TYPES.filter((w) => typeOf(w) !== typeOf(value)),
            2,
          ).map((w) => json(`${show(path)}=${JSON.stringify(w)}`, withValueAt(valid, path, w))),
        );
      case "missing-fields":
        return positions.map(({ path }) => json(`without ${show(path)}`, withValueAt(valid, path, REMOVE)));
      case "extra-fields":
        return this.#containers(valid).flatMap((path) =>
          ["unknownField", "$where", "__proto__", "constructor", ""].map((key) =>
            key === "__proto__" || key === "constructor"
              ? raw(
                  `${key} at ${show(path)}`,
                  withRawAt(valid, [...path, key], '{"polluted":true,"prototype":{"x":1}}'),
                )
              : json(`+${key} at ${show(path)}`, withValueAt(valid, [...path, key], "extra")),
          ),
        );
      case "huge-strings":
        return strings.map((path) => json(`${show(path)}=<100 kB>`, withValueAt(valid, path, HUGE)));
      case "nul-characters":
        return strings.flatMap((path) => [
          json(`${show(path)}="a\\u0000b"`, withValueAt(valid, path, "a\u0000b")),
          json(`${show(path)}="\\u0000"`, withValueAt(valid, path, "\u0000")),
        ]);
      case "lone-surrogates":
        return strings.flatMap((path) => [
          raw(`${show(path)}="\\ud800"`, withRawAt(valid, path, '"a\\ud800b"')),
          raw(`${show(path)}="\\udfff"`, withRawAt(valid, path, '"\\udfffz"')),
        ]);
      case "deep-nesting":
        return [
          ...this.#containers(valid)
            .slice(1)
            .map((path) => path),
          ...positions.map((p) => p.path),
          [],
        ].flatMap((path) => [
          raw(`${show(path)}=[×5000]`, withRawAt(valid, path, DEEP_ARRAY)),
          raw(`${show(path)}={a:×5000}`, withRawAt(valid, path, DEEP_OBJECT)),
        ]);
      case "extreme-numbers": {
        const numbers = positions.filter((p) => typeof p.value === "number").map((p) => p.path);
        const targets =
          numbers.length > 0 ? [...numbers, ...positions.map((p) => p.path)] : positions.map((p) => p.path);
        return targets.map((path) => {
          const literal = this.#pick(EXTREME_NUMBERS);
          return raw(`${show(path)}=${literal}`, withRawAt(valid, path, literal));
        });
      }
      case "invalid-utf8":
        return strings.map((path) => {
          const bytes = this.#pick(INVALID_UTF8);
          const [before = "", after = ""] = withRawAt(valid, path, '"a\u0001b"').split("\u0001");
          const payload = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
          return raw(`${show(path)} with bytes ${bytes.map((b) => b.toString(16)).join(" ")}`, payload);
        });
      case "truncated-json": {
        const text = JSON.stringify(valid);
        return Array.from({ length: 12 }, () => {
          const at = 1 + Math.floor(this.random() * Math.max(1, text.length - 1));
          return raw(`first ${at} of ${text.length} chars`, text.slice(0, at));
        });
      }
      case "wrong-content-type":
        return CONTENT_TYPES.map((type) => ({ label: type, payload: JSON.stringify(valid), contentType: type }));
      case "empty-body":
        return [
          raw("empty with application/json", ""),
          raw("whitespace with application/json", " \n\t"),
          { label: "empty, no content type", payload: "", contentType: undefined },
          raw("BOM only", "\ufeff"),
          raw("literal null", "null"),
        ];
      case "array-for-object":
        return [
          json("[valid]", [valid]),
          json("[]", []),
          json('"string"', "string"),
          json("42", 42),
          json("true", true),
          ...this.#containers(valid)
            .slice(1)
            .map((path) => json(`${show(path)}=[]`, withValueAt(valid, path, []))),
        ];
    }
  }

  #stringPaths(valid: unknown, positions: { path: JsonPath; value: unknown }[]): JsonPath[] {
    const strings = positions.filter((p) => typeof p.value === "string").map((p) => p.path);
    if (strings.length > 0) return strings;
    const root = typeof valid === "object" && valid !== null && !Array.isArray(valid);
    return root ? FALLBACK_STRING_FIELDS.map((field) => [field]) : [];
  }

  // The object positions of a body (the root first), where fields can be added.
  #containers(valid: unknown): JsonPath[] {
    const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    const paths = jsonPositions(valid)
      .filter((p) => isObject(p.value))
      .map((p) => p.path);
    return isObject(valid) ? [[], ...paths] : paths;
  }

  /** A seeded permutation of `items` (a copy). */
  shuffled<T>(items: readonly T[]): T[] {
    return this.#shuffle([...items]);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  #pickSome<T>(items: readonly T[], count: number): T[] {
    return this.#shuffle([...items]).slice(0, count);
  }

  #shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

function show(path: JsonPath): string {
  return path.length === 0 ? "(body)" : path.map(String).join(".");
}
