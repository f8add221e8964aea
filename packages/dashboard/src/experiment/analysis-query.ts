import { ANALYSIS_METHODS, RESULT_CORRECTIONS } from "@switchboard/core";

/** The analysis a reader picked on the experiment page; it lives in the address so a view can be shared. */
export interface AnalysisChoice {
  environment: string;
  method: (typeof ANALYSIS_METHODS)[number];
  cuped: boolean;
  correction: (typeof RESULT_CORRECTIONS)[number];
  /** 1-based phase; null for the latest. */
  phase: number | null;
}

const pick = <T extends string>(allowed: readonly T[], text: string | null, fallback: T): T =>
  allowed.find((value) => value === text) ?? fallback;

/** Reads the choice from the page's address; anything unknown falls back to the API's default. */
export function analysisFromUrl(params: URLSearchParams): AnalysisChoice {
  const phase = Number(params.get("phase"));
  return {
    environment: params.get("env") || "production",
    method: pick(ANALYSIS_METHODS, params.get("method"), "frequentist"),
    cuped: params.get("cuped") !== "false",
    correction: pick(RESULT_CORRECTIONS, params.get("correction"), "none"),
    phase: Number.isInteger(phase) && phase >= 1 ? phase : null,
  };
}

function params(choice: AnalysisChoice, environmentKey: string): URLSearchParams {
  const out = new URLSearchParams({ [environmentKey]: choice.environment, method: choice.method });
  out.set("cuped", String(choice.cuped));
  out.set("correction", choice.correction);
  if (choice.phase !== null) out.set("phase", String(choice.phase));
  return out;
}

/** The page's own address for a choice. */
export function analysisToUrl(experiment: string, choice: AnalysisChoice): string {
  return `/experiments/${encodeURIComponent(experiment)}?${params(choice, "env")}`;
}

/** The API path (under /api/v1) of `GET /experiments/{key}/results` for a choice. */
export function resultsPath(experiment: string, choice: AnalysisChoice): string {
  return `/experiments/${encodeURIComponent(experiment)}/results?${params(choice, "environment")}`;
}
