import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

// Real SQL that every development and CI machine of this project already has, read in place (third-party files are
// never copied into the repository): the install and upgrade scripts of PostgreSQL's contrib extensions and
// MariaDB's own system-table, sys-schema and help-table scripts. The corpus test and `npm run bench -- sqlcheck`
// both read them.

export const POSTGRES_ROOT = "/usr/share/postgresql";
export const MARIADB_DIR = "/usr/share/mysql";

/** The `.sql` files directly in `dir`, sorted; none when the folder is missing. */
export function sqlFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(".sql"))
        .sort()
        .map((name) => join(dir, name))
    : [];
}

/** `/usr/share/postgresql/<version>/extension/*.sql` of every installed version (Debian's postgresql-contrib). */
export function postgresExtensionFiles(): string[] {
  return existsSync(POSTGRES_ROOT)
    ? readdirSync(POSTGRES_ROOT)
        .sort()
        .flatMap((version) => sqlFiles(join(POSTGRES_ROOT, version, "extension")))
    : [];
}

/** `/usr/share/mysql/*.sql` (Debian's mariadb-server-core). */
export function mariadbSystemFiles(): string[] {
  return sqlFiles(MARIADB_DIR);
}
