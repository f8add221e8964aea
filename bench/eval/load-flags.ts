import type { LoadFlag } from "./eval-impl.js";

/** Flags in the load payload. */
export const LOAD_FLAG_COUNT = 10_000;

const COUNTRIES = [
  "jp",
  "us",
  "de",
  "fr",
  "gb",
  "br",
  "in",
  "kr",
  "ca",
  "au",
  "mx",
  "es",
  "it",
  "nl",
  "se",
  "pl",
  "tr",
  "id",
  "th",
  "vn",
  "ph",
  "ar",
  "za",
  "eg",
  "ng",
] as const;

/** W2-shaped flags with distinct keys and countries cycling through 25 values. */
export function buildLoadFlags(count: number): LoadFlag[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `flag-${String(i).padStart(5, "0")}`,
    country: COUNTRIES[i % COUNTRIES.length] ?? "jp",
  }));
}
