/** A small seeded PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = [
  "key",
  "name",
  "type",
  "defaultVariation",
  "variations",
  "environments",
  "rules",
  "enabled",
  "percent",
  "rule",
  "serve",
  "add",
  "remove",
  "attribute",
  "reason",
  "environment",
  "at",
  "action",
  "op",
  "steps",
  "ids",
  "condition",
  "kind",
  "id",
  "segments",
  "prerequisites",
  "sha",
  "deployedAt",
  "role",
  "description",
  "tags",
  "owner",
  "metrics",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "$in",
  "$regex",
  "",
];

/** Random JSON-ish values and request bodies for fuzzing write endpoints. */
export class BodyFuzzer {
  constructor(readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A random JSON value nested up to `depth` levels. */
  value(depth = 4): unknown {
    const kinds = depth <= 0 ? 6 : 8;
    switch (this.int(kinds)) {
      case 0:
        return null;
      case 1:
        return this.random() < 0.5;
      case 2:
        return this.pick([0, -1, 1.5, 101, -0, 1e308, -1e308, 2 ** 53 + 1, this.random() * 200 - 50]);
      case 3:
        return this.pick([
          "",
          "on",
          "off",
          "production",
          "ramp",
          "force",
          "x".repeat(this.int(300)),
          "é✓\u0000",
          "2030-01-01T00:00:00Z",
        ]);
      case 4:
        return "y".repeat(this.pick([1_000, 50_000, 200_000]));
      case 5:
        return this.pick(FIELDS);
      case 6:
        return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
      default:
        return Object.fromEntries(
          Array.from({ length: this.int(6) }, () => [this.pick(FIELDS), this.value(depth - 1)]),
        );
    }
  }

  /** `template` with one random change: a field replaced, removed or added. */
  mutate(template: unknown): unknown {
    const copy = structuredClone(template);
    const containers: Record<string, unknown>[] = [];
    const walk = (node: unknown) => {
      if (typeof node !== "object" || node === null) return;
      containers.push(node as Record<string, unknown>);
      for (const child of Object.values(node)) walk(child);
    };
    walk(copy);
    if (containers.length === 0) return this.value();
    const target = this.pick(containers);
    const keys = Object.keys(target);
    const choice = this.int(3);
    if (choice === 0 && keys.length > 0) delete target[this.pick(keys)];
    else if (choice === 1 && keys.length > 0) target[this.pick(keys)] = this.value(2);
    else target[this.pick(FIELDS)] = this.value(2);
    return copy;
  }

  /** Raw body text that is not valid JSON, or JSON nested far too deep. */
  malformedText(valid: string): string {
    switch (this.int(6)) {
      case 0:
        return valid.slice(0, Math.max(1, this.int(valid.length)));
      case 1:
        return `${"[".repeat(3_000)}${"]".repeat(3_000)}`;
      case 2:
        return `${'{"a":'.repeat(500)}1${"}".repeat(500)}`;
      case 3:
        return '{"__proto__": {"isAdmin": true}, "key": "x"}';
      case 4:
        return '{"constructor": {"prototype": {"polluted": 1}}}';
      default:
        return Array.from({ length: this.int(40) + 1 }, () => String.fromCharCode(this.int(128))).join("");
    }
  }
}
