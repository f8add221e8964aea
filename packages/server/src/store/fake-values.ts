/** Value helpers the fake ports share: copies in and out, so callers never hold the fake's own objects. */
export function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Byte order, like `COLLATE "C"` in the SQL store. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toIso(value: string): string {
  return new Date(value).toISOString();
}
