import { Type } from "@sinclair/typebox";
import { NAME_PATTERN } from "@switchboard/core";
import type { Clock } from "../kernel/clock.js";
import { parseInput, parseQuery } from "../kernel/parse-input.js";
import { changeInput, type WriteContext } from "../kernel/write-context.js";
import type { ConfigStore, Release } from "../store/config-store.js";
import { requireEnvironment } from "./environment-lookup.js";
import { Timestamp, timestampMs } from "./scheduled-action.js";

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

/** Releases: rollouts of a build to an environment, shown on the timeline. */
export class ReleaseService {
  constructor(
    private readonly store: ConfigStore,
    private readonly clock: Clock,
  ) {}

  /** Records a rollout; its environment must exist. */
  async create(input: unknown, context: WriteContext): Promise<Release> {
    const body = parseInput(CreateReleaseSchema, input);
    const deployedAt =
      body.deployedAt === undefined ? this.clock.now() : new Date(timestampMs(body.deployedAt, "deployedAt"));
    await requireEnvironment(this.store, body.environment);
    const release = { sha: body.sha, environment: body.environment, deployedAt: deployedAt.toISOString() };
    return this.store.createRelease(release, changeInput(context, "release.create", body.environment));
  }

  /** Releases, newest first. */
  list(query: unknown): Promise<Release[]> {
    return this.store.listReleases(parseQuery(ListReleasesQuerySchema, query));
  }
}
