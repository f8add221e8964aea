import { Type } from "@sinclair/typebox";
import { type ExperimentMeta, type Metric, MetricSchema } from "@switchboard/core";
import { metricFieldProblems } from "@switchboard/events";
import { AppError, changeInput, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore, DocumentWrite } from "../../store/index.js";
import { NamedDocumentService, NameField } from "../documents/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** The document kind of metric definitions (registered by `serverDocumentKinds`). */
export const METRIC_KIND = "metric";

/** The body of `POST /metrics`: a metric definition of one kind and its key. */
export const CreateMetricSchema = Type.Union(
  MetricSchema.anyOf.map((variant) =>
    Type.Object({ name: NameField, ...variant.properties }, { additionalProperties: false }),
  ),
);

const METRIC_LISTS = ["metrics", "secondaryMetrics", "guardrails"] as const;

/**
 * Metric definitions: what an experiment is judged by. Filters and fields are checked against the event schema,
 * so a metric that names an unknown field is refused with the field's path.
 */
export class MetricService extends NamedDocumentService<Metric> {
  constructor(store: DocumentStore) {
    super(store, METRIC_KIND, "metrics");
  }

  /** Archives a metric; refused while an experiment that is not archived names it. */
  async archive(
    name: string,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<DocumentWrite<Metric>> {
    const current = await this.get(name);
    const users = await this.experimentsUsing(name);
    if (users.length > 0) {
      throw new AppError(
        "UNPROCESSABLE",
        `Metric "${name}" is used by experiment ${users.join(", ")}; remove it there first.`,
      );
    }
    const change = changeInput(context, `${METRIC_KIND}.archive`);
    const version = expectedVersion ?? current.version;
    return this.store.replaceDocument(METRIC_KIND, name, version, current.body, change, { archived: true });
  }

  protected override semanticProblems(name: string, body: Metric): { path: string; message: string }[] {
    return metricFieldProblems(name, body);
  }

  private async experimentsUsing(name: string): Promise<string[]> {
    const experiments = await this.store.listDocuments<ExperimentMeta>("experiment");
    return experiments
      .filter((doc) => METRIC_LISTS.some((list) => (doc.body[list] ?? []).includes(name)))
      .map((doc) => JSON.stringify(doc.key));
  }
}

/** Builds the metric service from the control plane's dependencies (what the composition root calls). */
export function createMetricService({ store }: Pick<ServiceDeps<DocumentStore>, "store">): MetricService {
  return new MetricService(store);
}
