import { AppError } from "@switchboard/core";
import { dialectFor } from "../query/dialects/dialect-for.js";
import { engineOutOfMemory, engineRefusal } from "../query/engine-refusal.js";
import type { EventStore, QueryRows, SqlStatement } from "../store/event-store.js";
import { compileExperimentMetrics, type ExperimentMetricsScope } from "./compile-experiment-metrics.js";
import type { ExperimentMetricTotals } from "./experiment-metric-totals.js";
import type { ResolvedMetric } from "./resolve-metric.js";
import { shapeMetricTotals } from "./shape-metric-totals.js";

/** Options of the reader. */
export interface ExperimentMetricsReaderOptions {
  /** Longest the statement may run before the caller gets a timeout error. */
  timeoutMs?: number;
}

/**
 * Reads an experiment's per-variation sufficient statistics from the event store: one compiled statement in the
 * store's dialect, aggregated to units and then to variations inside the engine.
 */
export class ExperimentMetricsReader {
  private readonly timeoutMs: number;

  constructor(
    private readonly store: EventStore,
    options: ExperimentMetricsReaderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** The totals of `metrics` per variation (in the order of `variations`, zeros where a variation has no unit). */
  async read(
    scope: ExperimentMetricsScope,
    metrics: readonly ResolvedMetric[],
    variations: readonly string[],
  ): Promise<ExperimentMetricTotals> {
    const statement = compileExperimentMetrics(scope, metrics, dialectFor(this.store.dialect));
    return shapeMetricTotals(metrics, variations, await this.run(statement));
  }

  private async run(statement: SqlStatement): Promise<QueryRows> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(this.timeoutError()), this.timeoutMs);
    try {
      return await this.store.run(statement, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw engineRefusal(error) ?? engineOutOfMemory(error) ?? error;
    } finally {
      clearTimeout(timer);
    }
  }

  private timeoutError(): AppError {
    const message = `The analysis ran longer than ${this.timeoutMs / 1000} s; narrow the time range or analyse fewer metrics.`;
    return new AppError("UNAVAILABLE", message, [], { reason: "QUERY_TIMEOUT", timeoutMs: this.timeoutMs });
  }
}
