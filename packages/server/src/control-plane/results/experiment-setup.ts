import {
  type ExperimentMeta,
  type ExperimentPhase,
  experimentPhases,
  type Flag,
  type FlagVersionAt,
  type Metric,
} from "@switchboard/core";
import { AppError } from "../../kernel/index.js";
import type { ChangeLog, DocumentStore } from "../../store/index.js";

/** Which list of the experiment a metric comes from. */
export type MetricRole = "primary" | "secondary" | "guardrail";

/** A metric the experiment names, with its definition. */
export interface NamedMetric {
  key: string;
  role: MetricRole;
  definition: Metric;
}

/** Everything about an experiment the results need from the config store. */
export interface ExperimentSetup {
  key: string;
  environment: string;
  /** The flag whose rule runs the experiment; null when no flag has its rule any more. */
  flag: string | null;
  phases: ExperimentPhase[];
  metrics: NamedMetric[];
  /** Metric keys the experiment names that have no definition (or only an archived one). */
  undefinedMetrics: string[];
}

const PAGE = 1000;

/**
 * Reads an experiment's metadata, the flag holding its rule, the phases from that flag's change log and the
 * definitions of the metrics it names. NOT_FOUND when there is neither metadata nor a rule with its key.
 */
export async function loadExperimentSetup(
  store: DocumentStore & ChangeLog,
  key: string,
  environment: string,
): Promise<ExperimentSetup> {
  const meta = (await store.getDocument<ExperimentMeta>("experiment", key))?.body;
  const flag = await findExperimentFlag(store, key, environment);
  if (meta === undefined && flag === null) {
    throw new AppError(
      "NOT_FOUND",
      `Experiment "${key}" does not exist: no experiment metadata and no rule with that key.`,
    );
  }
  const phases = flag === null ? [] : experimentPhases(await flagVersions(store, flag), flag, key, environment);
  const { metrics, undefinedMetrics } = await namedMetrics(store, meta);
  return { key, environment, flag, phases, metrics, undefinedMetrics };
}

// A flag whose rules in `environment` hold the experiment wins over one that holds it elsewhere only.
async function findExperimentFlag(store: DocumentStore, key: string, environment: string): Promise<string | null> {
  let elsewhere: string | null = null;
  for (const doc of await store.listDocuments<Flag>("flag", { includeArchived: true })) {
    for (const [name, settings] of Object.entries(doc.body.environments ?? {})) {
      const has = (settings.rules ?? []).some((rule) => rule.kind === "experiment" && rule.key === key);
      if (has && name === environment) return doc.key;
      if (has) elsewhere ??= doc.key;
    }
  }
  return elsewhere;
}

async function flagVersions(store: ChangeLog, flag: string): Promise<FlagVersionAt[]> {
  const versions: FlagVersionAt[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await store.listChanges({
      subjectKind: "flag",
      subjectKey: flag,
      ascending: true,
      limit: PAGE,
      afterSeq,
    });
    for (const change of page) {
      const archived = change.action === "flag.archive";
      versions.push({ at: change.at, flag: archived ? null : ((change.after as Flag | null) ?? null) });
    }
    if (page.length < PAGE) return versions;
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
}

async function namedMetrics(
  store: DocumentStore,
  meta: ExperimentMeta | undefined,
): Promise<{ metrics: NamedMetric[]; undefinedMetrics: string[] }> {
  const roles: [MetricRole, readonly string[]][] = [
    ["primary", meta?.metrics ?? []],
    ["secondary", meta?.secondaryMetrics ?? []],
    ["guardrail", meta?.guardrails ?? []],
  ];
  const metrics: NamedMetric[] = [];
  const undefinedMetrics: string[] = [];
  for (const [role, keys] of roles) {
    for (const key of keys) {
      const doc = await store.getDocument<Metric>("metric", key);
      if (doc === undefined || doc.archived) undefinedMetrics.push(key);
      else metrics.push({ key, role, definition: doc.body });
    }
  }
  return { metrics, undefinedMetrics };
}
