import { type Static, Type } from "@sinclair/typebox";
import { DescriptionText, NAME_PATTERN } from "@switchboard/core";
import { changeInput, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore, DocumentWrite, StoredDocument } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** The body of an environment document. */
export const EnvironmentBodySchema = Type.Object(
  { description: Type.Optional(DescriptionText()) },
  { additionalProperties: false },
);

/** The body of `POST /environments`. */
export const CreateEnvironmentSchema = Type.Object(
  { name: Type.String({ pattern: NAME_PATTERN }), ...EnvironmentBodySchema.properties },
  { additionalProperties: false },
);

/** An environment's stored body. */
export type EnvironmentBody = Static<typeof EnvironmentBodySchema>;
/** The body of `POST /environments`. */
export type CreateEnvironmentInput = Static<typeof CreateEnvironmentSchema>;

/** The order people configured their environments in (`SWITCHBOARD_ENVIRONMENTS`), e.g. development → production. */
export interface EnvironmentOrder {
  initialEnvironments?: readonly string[];
}

/** Environments (development, staging, production, ...): every flag is configured per environment. */
export class EnvironmentService {
  constructor(
    private readonly store: DocumentStore,
    private readonly order: readonly string[] = [],
  ) {}

  /** Every active environment: the configured ones in their configured order, then any others by name. */
  async list(): Promise<StoredDocument<EnvironmentBody>[]> {
    const documents = await this.store.listDocuments<EnvironmentBody>("environment");
    return sortByConfiguredOrder(documents, this.order);
  }

  /** Creates an environment; CONFLICT when the name is taken. */
  create(input: CreateEnvironmentInput, context: WriteContext): Promise<DocumentWrite<EnvironmentBody>> {
    const { name, ...body } = input;
    return this.store.createDocument("environment", name, body, changeInput(context, "environment.create", name));
  }
}

/** Builds the environment service from the control plane's dependencies (what the composition root calls). */
export function createEnvironmentService({
  store,
  config,
}: Pick<ServiceDeps<DocumentStore>, "store"> & { config?: EnvironmentOrder }): EnvironmentService {
  return new EnvironmentService(store, config?.initialEnvironments ?? []);
}

/** `documents` (sorted by key) with the names in `order` first, in that order; the rest keep their order. */
export function sortByConfiguredOrder<T extends { key: string }>(
  documents: readonly T[],
  order: readonly string[],
): T[] {
  const rank = (key: string) => {
    const index = order.indexOf(key);
    return index < 0 ? order.length : index;
  };
  // Array.prototype.sort is stable, so environments outside the configured list stay sorted by name.
  return [...documents].sort((a, b) => rank(a.key) - rank(b.key));
}
