import type { Release } from "@switchboard/core";
import type { ChangeInput } from "../kernel/index.js";

export interface ReleaseFilter {
  environment?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** The releases port: deploys of the host application, each also a marker in the change log. */
export interface ReleaseStore {
  /** Stores a release and logs it as a `release.create` change (a marker), atomically. */
  createRelease(release: Pick<Release, "sha" | "environment" | "deployedAt">, change: ChangeInput): Promise<Release>;
  listReleases(filter?: ReleaseFilter): Promise<Release[]>;
}
