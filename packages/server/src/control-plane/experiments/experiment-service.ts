import { Type } from "@sinclair/typebox";
import { type ExperimentMeta, ExperimentSchema } from "@switchboard/core";
import type { DocumentStore } from "../../store/index.js";
import { NamedDocumentService, NameField } from "../documents/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** The body of `POST /experiments`: experiment metadata and its key (the `key` of its experiment rules). */
export const CreateExperimentSchema = Type.Object(
  { name: NameField, ...ExperimentSchema.properties },
  { additionalProperties: false },
);

/** Experiment metadata: hypothesis, metrics, guardrails, owner and auto-disable policy. */
export class ExperimentService extends NamedDocumentService<ExperimentMeta> {
  constructor(store: DocumentStore) {
    super(store, "experiment", "experiments");
  }
}

/** Builds the experiment service from the control plane's dependencies (what the composition root calls). */
export function createExperimentService({ store }: Pick<ServiceDeps<DocumentStore>, "store">): ExperimentService {
  return new ExperimentService(store);
}
