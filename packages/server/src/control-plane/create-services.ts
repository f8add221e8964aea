import type { Authenticator } from "../auth/index.js";
import { type ActivationService, createActivationService } from "./activations/index.js";
import {
  type ChangeRequestPolicy,
  type ChangeRequestService,
  createChangeRequestService,
} from "./change-requests/index.js";
import { type ChangeService, createChangeService, type MarkerTitle } from "./changes/index.js";
import { type CodeReferenceService, createCodeReferenceService } from "./code-references/index.js";
import {
  type CustomerDeps,
  type CustomerService,
  createCustomerService,
  unavailableCustomerDeps,
} from "./customers/index.js";
import { createDebtService, type DebtService, type FlagActivitySource } from "./debt/index.js";
import { createEnvironmentService, type EnvironmentOrder, type EnvironmentService } from "./environments/index.js";
import { createExperimentService, type ExperimentService } from "./experiments/index.js";
import { createFlagSetService, type FlagSetService } from "./flag-sets/index.js";
import { createFlagService, type FlagService } from "./flags/index.js";
import { createMetricService, type MetricService } from "./metrics/index.js";
import { createMonitorService, type MonitorService } from "./monitors/index.js";
import { createReleaseService, type ReleaseService } from "./releases/index.js";
import { createResultsService, type MetricTotalsSource, type ResultsService } from "./results/index.js";
import { createScheduleService, type ScheduleService } from "./schedules/index.js";
import { createSchemaReviewService, type SchemaReviewService } from "./schema-reviews/index.js";
import { createSegmentService, type SegmentService } from "./segments/index.js";
import type { ServiceDeps } from "./service-deps.js";
import { createTokenService, type TokenService } from "./tokens/index.js";

/** Every domain service of the control plane, over one config store. */
export interface Services {
  flags: FlagService;
  flagSets: FlagSetService;
  activations: ActivationService;
  schedules: ScheduleService;
  segments: SegmentService;
  experiments: ExperimentService;
  metrics: MetricService;
  results: ResultsService;
  environments: EnvironmentService;
  releases: ReleaseService;
  changes: ChangeService;
  changeRequests: ChangeRequestService;
  tokens: TokenService;
  monitors: MonitorService;
  codeReferences: CodeReferenceService;
  debt: DebtService;
  customers: CustomerService;
  schemaReviews: SchemaReviewService;
}

/** What the control plane is built from, beyond the services' own dependencies. */
export interface ControlPlaneDeps extends ServiceDeps {
  /** Told about revoked tokens at once. */
  auth?: Pick<Authenticator, "forget">;
  /** How features above the control plane (traffic) title their changes on the timeline. */
  markerTitles?: readonly MarkerTitle[];
  /** The reason policy, and the configured order environments are listed in. */
  config: ServiceDeps["config"] & EnvironmentOrder & ChangeRequestPolicy;
  /** The event store's per-variation sums for experiment results; results answer 503 without it. */
  metricTotals?: MetricTotalsSource;
  /** When each flag was last evaluated or exposed; the debt board's no-activity reason needs it. */
  flagActivity?: FlagActivitySource;
  /** The customer view's event reads, flag set and preview key; the lookup answers 503 without them. */
  customers?: CustomerDeps;
}

/** Builds the domain services, one `createX` per feature. */
export function createServices(deps: ControlPlaneDeps): Services {
  const codeReferences = createCodeReferenceService(deps);
  const changeRequests = createChangeRequestService(deps);
  return {
    flags: createFlagService(deps, codeReferences, changeRequests),
    flagSets: createFlagSetService(deps, changeRequests),
    activations: createActivationService(deps, changeRequests),
    changeRequests,
    schedules: createScheduleService(deps),
    segments: createSegmentService(deps, changeRequests),
    experiments: createExperimentService(deps),
    metrics: createMetricService(deps),
    results: createResultsService(deps, deps.metricTotals),
    environments: createEnvironmentService(deps),
    releases: createReleaseService(deps),
    changes: createChangeService(deps, deps.markerTitles),
    tokens: createTokenService(deps, deps.auth),
    monitors: createMonitorService(deps),
    codeReferences,
    debt: createDebtService(deps, deps.flagActivity),
    customers: createCustomerService(deps, deps.customers ?? unavailableCustomerDeps()),
    schemaReviews: createSchemaReviewService(deps),
  };
}
