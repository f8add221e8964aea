/** The outcome of one conformance case. */
export interface CaseOutcome {
  index: number;
  name: string;
  status: "passed" | "failed" | "notSupported";
  /** Why it failed (the first difference), or why it is not supported. */
  message?: string;
}

/** The outcomes of one section of a cases file (`feature`, `run`, …). */
export interface SectionReport {
  section: string;
  passed: number;
  failed: number;
  notSupported: number;
  cases: CaseOutcome[];
}

/** Runs one case and returns the first difference from the expected outcome, or `null` when it agrees. */
export type CaseRunner = (testCase: readonly unknown[]) => string | null | Promise<string | null>;
