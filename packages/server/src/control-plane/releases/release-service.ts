import { type Static, Type } from "@sinclair/typebox";
import { NAME_PATTERN } from "@switchboard/core";
import type { Clock } from "../../kernel/index.js";
import { changeInput, Timestamp, timestampMs, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore, Release, ReleaseStore } from "../../store/index.js";
import { requireEnvironment } from "../environments/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** The body of `POST /releases`: a build deployed to an environment (a rollout marker). */
export const CreateReleaseSchema = Type.Object(
  {
    sha: Type.String({ pattern: "^[0-9a-f]{4,64}$", description: "The git sha of the build, e.g. 64fd32f." }),
    environment: Type.String({ pattern: NAME_PATTERN }),
    deployedAt: Type.Optional(Timestamp("When it was deployed; now when left out.")),
  },
  { additionalProperties: false },
);

/** Query of `GET /releases`. */
export const ListReleasesQuerySchema = Type.Object(
  {
    environment: Type.Optional(Type.String()),
    from: Type.Optional(Timestamp("Inclusive start.")),
    to: Type.Optional(Timestamp("Exclusive end.")),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

/** The body of `POST /releases`. */
export type CreateReleaseInput = Static<typeof CreateReleaseSchema>;
/** The query of `GET /releases`. */
export type ListReleasesQuery = Static<typeof ListReleasesQuerySchema>;

/** Releases: rollouts of a build to an environment, shown on the timeline. */
export class ReleaseService {
  constructor(
    private readonly store: ReleaseStore & DocumentStore,
    private readonly clock: Clock,
  ) {}

  /** Records a rollout; its environment must exist. */
  async create(body: CreateReleaseInput, context: WriteContext): Promise<Release> {
    const deployedAt =
      body.deployedAt === undefined ? this.clock.now() : new Date(timestampMs(body.deployedAt, "deployedAt"));
    await requireEnvironment(this.store, body.environment);
    const release = { sha: body.sha, environment: body.environment, deployedAt: deployedAt.toISOString() };
    return this.store.createRelease(release, changeInput(context, "release.create", body.environment));
  }

  /** Releases, newest first. */
  list(query: ListReleasesQuery): Promise<Release[]> {
    return this.store.listReleases(query);
  }
}

/** Builds the release service from the control plane's dependencies (what the composition root calls). */
export function createReleaseService({
  store,
  clock,
}: Pick<ServiceDeps<ReleaseStore & DocumentStore>, "store" | "clock">): ReleaseService {
  return new ReleaseService(store, clock);
}
