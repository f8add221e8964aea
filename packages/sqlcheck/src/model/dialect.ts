/** The SQL dialects the linter reads. MariaDB shares MySQL's grammar but not its online DDL capabilities. */
export type Dialect = "mysql" | "mariadb" | "postgres";

/** The grammar family a dialect belongs to. */
export type DialectFamily = "mysql" | "postgres";

export const dialects: readonly Dialect[] = ["mysql", "mariadb", "postgres"];

export function familyOf(dialect: Dialect): DialectFamily {
  return dialect === "postgres" ? "postgres" : "mysql";
}

export function isDialect(value: string): value is Dialect {
  return (dialects as readonly string[]).includes(value);
}

/** A server version as numbers, `8.0.34` → [8, 0, 34]. */
export type ServerVersion = readonly [number, number, number];

/** The version assumed when none is given: a current release line of each server. */
export const defaultVersions: Record<Dialect, ServerVersion> = {
  postgres: [16, 0, 0],
  mysql: [8, 0, 35],
  mariadb: [10, 11, 0],
};

/** Parses `16`, `8.0`, `8.0.34` or `10.11.6-MariaDB`; undefined when it is not a version. */
export function parseServerVersion(text: string): ServerVersion | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,4}))?(?:[-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** True when `version` is at least `major.minor.patch`. */
export function atLeast(version: ServerVersion, major: number, minor = 0, patch = 0): boolean {
  const [a, b, c] = version;
  if (a !== major) return a > major;
  if (b !== minor) return b > minor;
  return c >= patch;
}

export function formatVersion(version: ServerVersion): string {
  return version.join(".");
}
