import { Type } from "@sinclair/typebox";
import { type Flag, FlagSchema, NAME_PATTERN, structuralProblems } from "@switchboard/core";
import {
  AppError,
  type ChangeGate,
  changeInput,
  type DraftBody,
  type ErrorDetail,
  type HeldChange,
  ReasonField,
  type ReasonPolicy,
  requireReason,
  validationFailed,
  type WriteContext,
} from "../../kernel/index.js";
import type { DocumentStore, DocumentWrite, StoredDocument } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { checkFlag } from "./flag-consistency.js";
import { describeUsers, findDependents } from "./flag-dependents.js";
import { type FlagListFilter, matchesFlagFilter } from "./flag-filters.js";
import { loadActiveFlag, loadFlag, staleVersion, writeFlag } from "./flag-writer.js";

/** The body of `POST /flags`: a flag and its key. */
export const CreateFlagSchema = Type.Object(
  { key: Type.String({ pattern: NAME_PATTERN, description: "The flag key used in code." }), ...FlagSchema.properties },
  { additionalProperties: false },
);

/** The body of `POST /flags/{key}/archive`. */
export const ArchiveFlagSchema = Type.Object(
  {
    reason: ReasonField,
    force: Type.Optional(
      Type.Boolean({ description: "Archive although code still references the flag; needs a reason." }),
    ),
  },
  { additionalProperties: false },
);

/** Refuses to archive a flag that code still uses (the code-references feature, handed in). */
export interface ArchiveGuard {
  refuseWhileReferenced(flag: string): Promise<void>;
}

/** Creates, reads, lists, replaces and archives flags, validating each against the whole stored flag set. */
export class FlagService {
  constructor(
    private readonly store: DocumentStore,
    private readonly policy: ReasonPolicy,
    private readonly guard?: ArchiveGuard,
    private readonly gate?: ChangeGate,
  ) {}

  /** Creates a flag from `{key, ...flag}`; CONFLICT when the key is taken (archived flags keep theirs). */
  async create(input: DraftBody, context: WriteContext): Promise<DocumentWrite<Flag>> {
    const { key, ...rest } = input;
    const keyProblems = structuralProblems(CreateFlagSchema.properties.key, key, ["key"]);
    // An invalid key would hide the flag's own problems, so those are checked under a stand-in key.
    const checkedKey = keyProblems.length === 0 ? String(key) : "flag";
    const flag = await collectProblems(keyProblems, () => checkFlag(this.store, checkedKey, rest));
    requireReason(this.policy, context, Object.keys(flag.environments ?? {}));
    return this.store.createDocument("flag", String(key), flag, changeInput(context, "flag.create"));
  }

  /** The stored flag, archived or not; NOT_FOUND otherwise. */
  get(key: string): Promise<StoredDocument<Flag>> {
    return loadFlag(this.store, key);
  }

  /** The flags passing every filter, sorted by key. */
  async list(filter: FlagListFilter = {}): Promise<StoredDocument<Flag>[]> {
    const options = { includeArchived: filter.includeArchived === true };
    const docs = await this.store.listDocuments<Flag>("flag", options);
    return docs.filter((doc) => matchesFlagFilter(doc, filter));
  }

  /** Replaces a whole flag; the version in If-Match is required, so nobody overwrites a change they never saw. */
  async update(
    key: string,
    input: DraftBody,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<DocumentWrite<Flag> | HeldChange> {
    const version = requireVersion(expectedVersion, `flag "${key}"`);
    const flag = await checkFlag(this.store, key, input);
    if (this.gate !== undefined) {
      const current = await loadActiveFlag(this.store, key);
      if (current.version !== version) throw staleVersion(key, current.version);
      const changed = changedEnvironments(current.body, flag);
      const protectedOnes = this.gate.protectedFor(context, changed);
      if (protectedOnes.length > 0) {
        await this.#refuseBrokenDependents(key, flag);
        requireReason(this.policy, context, changed);
        const proposed = [{ key, expectedVersion: version, before: current.body, after: flag }];
        return this.gate.propose(proposed, protectedOnes, context, `update ${key}`);
      }
    }
    return writeFlag(this.store, key, version, async (current) => {
      await this.#refuseBrokenDependents(key, flag);
      requireReason(this.policy, context, changedEnvironments(current.body, flag));
      return { body: flag, change: changeInput(context, "flag.update") };
    });
  }

  /**
   * Archives a flag (it leaves every payload); refused while another flag has it as a prerequisite, and while code
   * references remain unless `force` is given with a reason (kept in the audit log).
   */
  async archive(
    key: string,
    expectedVersion: number | undefined,
    context: WriteContext,
    options: { force?: boolean } = {},
  ): Promise<DocumentWrite<Flag> | HeldChange> {
    if (options.force === true && (context.reason ?? "").trim() === "") {
      throw validationFailed([{ path: "reason", message: "archiving with force needs a reason" }]);
    }
    const check = async (current: StoredDocument<Flag>): Promise<string[]> => {
      if (options.force !== true) await this.guard?.refuseWhileReferenced(key);
      const dependents = await findDependents(this.store, key);
      if (dependents.length > 0) {
        throw new AppError("UNPROCESSABLE", `Flag "${key}" is a prerequisite of ${describeUsers(dependents)}.`);
      }
      const environments = Object.keys(current.body.environments ?? {});
      requireReason(this.policy, context, environments);
      return environments;
    };
    if (this.gate !== undefined) {
      // Archiving takes the flag out of every environment it is configured in, so a protected one holds it.
      const current = await loadActiveFlag(this.store, key);
      if (expectedVersion !== undefined && current.version !== expectedVersion)
        throw staleVersion(key, current.version);
      const protectedOnes = this.gate.protectedFor(context, await check(current));
      if (protectedOnes.length > 0) {
        const proposed = [{ key, expectedVersion: current.version, before: current.body, after: null }];
        return this.gate.propose(proposed, protectedOnes, context, `archive ${key}`);
      }
    }
    return writeFlag(this.store, key, expectedVersion, async (current) => {
      await check(current);
      return { body: current.body, change: changeInput(context, "flag.archive"), archived: true };
    });
  }

  /** Checks that a flag exists and is not archived. */
  async requireActive(key: string): Promise<StoredDocument<Flag>> {
    return loadActiveFlag(this.store, key);
  }

  async #refuseBrokenDependents(key: string, flag: Flag): Promise<void> {
    const keys = new Set((flag.variations ?? []).map((variation) => variation.key));
    const broken = (await findDependents(this.store, key)).filter((d) => flag.type === "json" || !keys.has(d.is));
    if (broken.length === 0) return;
    const message = `is needed by ${describeUsers(broken)} (as variation ${[...new Set(broken.map((d) => d.is))].join(", ")} of a non-json flag)`;
    throw new AppError("UNPROCESSABLE", `Flag "${key}" ${message}.`, [{ path: "variations", message }]);
  }
}

/** The If-Match version of a replace, or PRECONDITION_REQUIRED. */
export function requireVersion(expectedVersion: number | undefined, what: string): number {
  if (expectedVersion !== undefined) return expectedVersion;
  throw new AppError(
    "PRECONDITION_REQUIRED",
    `Replacing ${what} needs an If-Match header with the version you read (its ETag), so no change is lost.`,
  );
}

/** Environments whose configuration differs between two versions of a flag. */
function changedEnvironments(before: Flag, after: Flag): string[] {
  const names = new Set([...Object.keys(before.environments ?? {}), ...Object.keys(after.environments ?? {})]);
  const global = JSON.stringify({ ...before, environments: null }) !== JSON.stringify({ ...after, environments: null });
  return [...names].filter(
    (name) => global || JSON.stringify(before.environments?.[name]) !== JSON.stringify(after.environments?.[name]),
  );
}

async function collectProblems<T>(problems: ErrorDetail[], check: () => Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await check();
  } catch (error) {
    if (error instanceof AppError && error.code === "VALIDATION_FAILED") {
      throw validationFailed([...problems, ...error.details]);
    }
    throw error;
  }
  if (problems.length > 0) throw validationFailed(problems);
  return value;
}

/** Builds the flag service from the control plane's dependencies (what the composition root calls). */
export function createFlagService(
  { store, config }: Pick<ServiceDeps<DocumentStore>, "store" | "config">,
  guard?: ArchiveGuard,
  gate?: ChangeGate,
): FlagService {
  return new FlagService(store, config, guard, gate);
}
