import { clampChangeLimit } from "./change-filter.js";
import type { ChangeInput, Release } from "./config-store.js";
import type { FakeChangeLog } from "./fake-change-log.js";
import { toIso } from "./fake-values.js";
import type { ReleaseFilter, ReleaseStore } from "./release-store.js";

/** The fake `ReleaseStore`: each release is also a marker in the shared fake change log. */
export class FakeReleaseStore implements ReleaseStore {
  readonly #releases: Release[] = [];
  readonly #log: FakeChangeLog;

  constructor(log: FakeChangeLog) {
    this.#log = log;
  }

  async createRelease(
    release: Pick<Release, "sha" | "environment" | "deployedAt">,
    change: ChangeInput,
  ): Promise<Release> {
    this.#log.assertOpen();
    const stored: Release = {
      id: this.#releases.length + 1,
      sha: release.sha,
      environment: release.environment,
      deployedAt: toIso(release.deployedAt),
      createdAt: this.#log.now(),
    };
    this.#releases.push(stored);
    this.#log.append(
      {
        ...change,
        environment: change.environment ?? release.environment,
        subjectKind: "release",
        subjectKey: release.sha,
        before: null,
        after: stored,
      },
      null,
    );
    return { ...stored };
  }

  async listReleases(filter: ReleaseFilter = {}): Promise<Release[]> {
    const from = filter.from === undefined ? undefined : Date.parse(filter.from);
    const to = filter.to === undefined ? undefined : Date.parse(filter.to);
    return this.#releases
      .filter(
        (r) =>
          (filter.environment === undefined || r.environment === filter.environment) &&
          (from === undefined || Date.parse(r.deployedAt) >= from) &&
          (to === undefined || Date.parse(r.deployedAt) < to),
      )
      .sort((a, b) => Date.parse(b.deployedAt) - Date.parse(a.deployedAt) || b.id - a.id)
      .slice(0, clampChangeLimit({ ...(filter.limit === undefined ? {} : { limit: filter.limit }) }))
      .map((r) => ({ ...r }));
  }
}
