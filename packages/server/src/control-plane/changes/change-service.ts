import { type Static, Type } from "@sinclair/typebox";
import type { Marker } from "@switchboard/core";
import { Timestamp, timestampMs, validationFailed } from "../../kernel/index.js";
import type { Change, ChangeFilter, ChangeLog, Release, ReleaseStore } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** Query of `GET /changes`: every filter given must match. */
export const ListChangesQuerySchema = Type.Object(
  {
    flag: Type.Optional(Type.String({ description: "Changes of one flag." })),
    subjectKind: Type.Optional(
      Type.String({ description: "flag, segment, experiment, environment, release, token, schedule" }),
    ),
    subjectKey: Type.Optional(Type.String()),
    environment: Type.Optional(Type.String()),
    actor: Type.Optional(Type.String()),
    action: Type.Optional(Type.String({ description: "Prefix of the action, e.g. flag. or flag.kill." })),
    from: Type.Optional(Timestamp("Inclusive start.")),
    to: Type.Optional(Timestamp("Exclusive end.")),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    beforeSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    order: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")])),
  },
  { additionalProperties: false },
);

/** Query of `GET /markers`. */
export const ListMarkersQuerySchema = Type.Object(
  {
    from: Timestamp("Inclusive start."),
    to: Timestamp("Exclusive end."),
    environment: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Titles a change on the timeline, or leaves it (undefined) to the next title or the plain one. */
export type MarkerTitle = (change: Change) => string | undefined;

const OFF_THE_GRAPHS = /^(release\.create|token\.|environment\.|customer\.|change-request\.|change-request-delivery\.)/;
/** Markers answered per kind (changes, releases). */
const MARKER_LIMIT = 1000;
/** Pages of changes read for the markers of one range at most. */
const MAX_MARKER_PAGES = 10;

/** The append-only audit log and the markers built from it. */
export class ChangeService {
  constructor(
    private readonly store: ChangeLog & ReleaseStore,
    // Features above the control plane (traffic) word their own changes; they are handed in, not imported.
    private readonly markerTitles: readonly MarkerTitle[] = [],
  ) {}

  /** Changes matching the query, newest first unless `order=asc`. */
  list(query: ListChangesQuery): Promise<Change[]> {
    const { flag, order, ...rest } = query;
    const filter: ChangeFilter = { ...rest, ...(flag === undefined ? {} : { subjectKind: "flag", subjectKey: flag }) };
    if (order === "asc") filter.ascending = true;
    return this.store.listChanges(filter);
  }

  /** Changes and releases in `[from, to)`, oldest first. */
  async markers(query: ListMarkersQuery): Promise<Marker[]> {
    const { from, to, environment } = query;
    if (timestampMs(to, "to") <= timestampMs(from, "from")) {
      throw validationFailed([{ path: "to", message: "must be after from" }]);
    }
    const range = { from, to, ...(environment === undefined ? {} : { environment }) };
    const [changes, releases] = await Promise.all([
      this.changesOnTheGraphs(range),
      this.store.listReleases({ ...range, limit: MARKER_LIMIT }),
    ]);
    const markers: Marker[] = [
      ...changes.map((change) => changeMarker(change, this.markerTitles)),
      ...releases.map(releaseMarker),
    ];
    return markers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  // Releases are logged as changes too; their marker sits at the deployment time instead. Tokens and environments
  // change who may do what, and customer lookups and previews only read or preview: none changes how the product
  // behaves, so they stay in the audit log but off the graphs. Read page by page, so that a busy support desk's
  // lookups cannot crowd the activations of the range out of the first page. A change request's steps stay off too:
  // only its application changes a flag, and that change is on the graphs.
  private async changesOnTheGraphs(range: ChangeFilter): Promise<Change[]> {
    const kept: Change[] = [];
    let afterSeq: number | undefined;
    for (let page = 0; page < MAX_MARKER_PAGES && kept.length < MARKER_LIMIT; page++) {
      const filter = {
        ...range,
        ascending: true,
        limit: MARKER_LIMIT,
        ...(afterSeq === undefined ? {} : { afterSeq }),
      };
      const changes = await this.store.listChanges(filter);
      for (const change of changes) if (!OFF_THE_GRAPHS.test(change.action)) kept.push(change);
      if (changes.length < MARKER_LIMIT) break;
      afterSeq = changes.at(-1)?.seq;
    }
    return kept.slice(0, MARKER_LIMIT);
  }
}

function changeMarker(change: Change, markerTitles: readonly MarkerTitle[]): Marker {
  const where = change.environment === null ? "" : ` in ${change.environment}`;
  const special = markerTitles.reduce<string | undefined>((found, title) => found ?? title(change), undefined);
  const title = special ?? `${change.action} ${change.subjectKey}${where} by ${change.actor}`;
  return { kind: "change", at: change.at, environment: change.environment, title, change };
}

function releaseMarker(release: Release): Marker {
  const title = `release ${release.sha} in ${release.environment}`;
  return { kind: "release", at: release.deployedAt, environment: release.environment, title, release };
}

/** A parsed changes query. */
export type ListChangesQuery = Static<typeof ListChangesQuerySchema>;
/** The query of `GET /markers`. */
export type ListMarkersQuery = Static<typeof ListMarkersQuerySchema>;

/** Builds the change service; `markerTitles` word the changes of features above the control plane. */
export function createChangeService(
  { store }: Pick<ServiceDeps<ChangeLog & ReleaseStore>, "store">,
  markerTitles: readonly MarkerTitle[] = [],
): ChangeService {
  return new ChangeService(store, markerTitles);
}
