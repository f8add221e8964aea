import { createRandom, pick } from "../lib/prng.js";

/** One synthetic user: the attributes every workload reads. */
export interface User {
  id: string;
  country: string;
  os: string;
}

/** Users to evaluate, plus the ids W3's segment rule allow-lists. */
export interface Population {
  users: User[];
  allowList: string[];
}

/** Fixed seed: every run, every process and every implementation sees the same users. */
export const POPULATION_SEED = 0x5eed_2024;
/** Users in the timed loop. */
export const TIMED_USERS = 10_000;
/** Users in the sanity check: the timed users plus more from the same generator, for tight statistics. */
export const SANITY_USERS = 100_000;
/** Every tenth timed user is allow-listed, giving exactly 1,000 ids. */
export const ALLOW_LIST_STRIDE = 10;

const OTHER_COUNTRIES = ["us", "de", "fr", "gb", "br", "in", "kr", "ca", "au", "mx", "es", "it"] as const;
const OTHER_OS = ["windows", "linux", "iOS", "android"] as const;

/** Builds the first `size` users of the fixed population (~20% `jp`, ~30% `macOS`, random hex ids). */
export function buildPopulation(size: number): Population {
  const random = createRandom(POPULATION_SEED);
  const users: User[] = [];
  for (let i = 0; i < size; i++) {
    users.push({
      id: `u-${hex24(random)}${hex24(random)}`,
      country: random() < 0.2 ? "jp" : pick(random, OTHER_COUNTRIES),
      os: random() < 0.3 ? "macOS" : pick(random, OTHER_OS),
    });
  }
  // Real attributes arrive parsed from a request: flat strings. Concatenated ids would be V8 rope strings, which make
  // every string comparison several times slower and would measure the generator, not the evaluators.
  const parsed = JSON.parse(JSON.stringify(users)) as User[];
  const allowList: string[] = [];
  for (let i = 0; i < Math.min(size, TIMED_USERS); i += ALLOW_LIST_STRIDE) {
    allowList.push((parsed[i] as User).id);
  }
  return { users: parsed, allowList };
}

function hex24(random: () => number): string {
  return Math.floor(random() * 0x1000000)
    .toString(16)
    .padStart(6, "0");
}
