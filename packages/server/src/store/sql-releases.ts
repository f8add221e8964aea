import { clampChangeLimit } from "./change-filter.js";
import type { ChangeInput, Release } from "./config-store.js";
import { firstRow, insertChange } from "./sql-changes.js";
import type { SqlQueryable, SqlTransaction } from "./sql-client.js";
import { type ReleaseRow, toRelease } from "./sql-rows.js";

/** Inserts a release and its marker change. */
export async function insertRelease(
  tx: SqlTransaction,
  now: string,
  release: Pick<Release, "sha" | "environment" | "deployedAt">,
  change: ChangeInput,
): Promise<Release> {
  const rows = await tx.query<ReleaseRow>(
    `INSERT INTO releases (sha, environment, deployed_at, created_at) VALUES ($1, $2, $3::timestamptz, $4)
     RETURNING *`,
    [release.sha, release.environment, release.deployedAt, now],
  );
  const stored = toRelease(firstRow(rows));
  await insertChange(
    tx,
    now,
    {
      ...change,
      environment: change.environment ?? release.environment,
      subjectKind: "release",
      subjectKey: release.sha,
      after: stored,
    },
    null,
  );
  return stored;
}

/** Lists releases, newest deployment first. */
export async function selectReleases(
  db: SqlQueryable,
  filter: { environment?: string; from?: string; to?: string; limit?: number },
): Promise<Release[]> {
  const limit = clampChangeLimit(filter.limit === undefined ? {} : { limit: filter.limit });
  const rows = await db.query<ReleaseRow>(
    `SELECT * FROM releases
      WHERE ($1::text IS NULL OR environment = $1)
        AND ($2::timestamptz IS NULL OR deployed_at >= $2)
        AND ($3::timestamptz IS NULL OR deployed_at < $3)
      ORDER BY deployed_at DESC, id DESC
      LIMIT $4`,
    [filter.environment ?? null, filter.from ?? null, filter.to ?? null, limit],
  );
  return rows.map(toRelease);
}
