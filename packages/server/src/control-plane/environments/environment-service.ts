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

/** Environments (development, staging, production, ...): every flag is configured per environment. */
export class EnvironmentService {
  constructor(private readonly store: DocumentStore) {}

  /** Every active environment, sorted by name. */
  list(): Promise<StoredDocument<EnvironmentBody>[]> {
    return this.store.listDocuments<EnvironmentBody>("environment");
  }

  /** Creates an environment; CONFLICT when the name is taken. */
  create(input: CreateEnvironmentInput, context: WriteContext): Promise<DocumentWrite<EnvironmentBody>> {
    const { name, ...body } = input;
    return this.store.createDocument("environment", name, body, changeInput(context, "environment.create", name));
  }
}

/** Builds the environment service from the control plane's dependencies (what the composition root calls). */
export function createEnvironmentService({ store }: Pick<ServiceDeps<DocumentStore>, "store">): EnvironmentService {
  return new EnvironmentService(store);
}
