import type { QuantileSums } from "./quantile.js";
import type { CovariateSums, MeanSums, RatioSums } from "./sufficient-statistics.js";

/** Why a comparison has no numbers: each a situation of the data, never an error of the code. */
export type NotEnoughDataReason =
  | "no-units"
  | "too-few-units"
  | "zero-denominator"
  | "zero-control-mean"
  | "zero-variance"
  | "invalid-input";

export interface NotEnoughData {
  readonly reason: NotEnoughDataReason;
  /** A sentence for people, with the counts. */
  readonly message: string;
}

type Sums = MeanSums | RatioSums | QuantileSums | (MeanSums & Partial<CovariateSums>);

// The numeric fields each input may carry; other properties (extra columns of a row) are not ours to judge.
const NUMERIC_FIELDS = [
  "units",
  "sum",
  "sumSquares",
  "covariateSum",
  "covariateSumSquares",
  "valueCovariateSum",
  "numeratorSum",
  "numeratorSumSquares",
  "denominatorSum",
  "denominatorSumSquares",
  "numeratorDenominatorSum",
  "events",
  "quantileLevel",
  "estimate",
  "lowerBound",
  "upperBound",
  "boundsConfidenceLevel",
  "preNumeratorSum",
  "preNumeratorSumSquares",
  "preDenominatorSum",
  "preDenominatorSumSquares",
  "numeratorPreNumeratorSum",
  "denominatorPreDenominatorSum",
  "preNumeratorPreDenominatorSum",
  "numeratorPreDenominatorSum",
  "denominatorPreNumeratorSum",
] as const;

/** The first field that is not a finite number (or a negative or fractional unit count), or null. */
export function invalidField(arm: string, sums: Sums): NotEnoughData | null {
  const record = sums as unknown as Readonly<Record<string, unknown>>;
  for (const field of NUMERIC_FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return { reason: "invalid-input", message: `${arm}.${field} is not a finite number (${String(value)})` };
    }
  }
  const clusters = "clusters" in sums ? sums.clusters : undefined;
  if (clusters && !Object.values(clusters).every((value) => typeof value === "number" && Number.isFinite(value))) {
    return { reason: "invalid-input", message: `${arm}.clusters has a value that is not a finite number` };
  }
  if (typeof sums.units !== "number" || !Number.isInteger(sums.units) || sums.units < 0) {
    return { reason: "invalid-input", message: `${arm}.units must be a whole number ≥ 0, got ${sums.units}` };
  }
  return null;
}

/** Checks every arm has at least two units (a variance needs two). */
export function tooFewUnits(control: { units: number }, treatment: { units: number }): NotEnoughData | null {
  const counts = `control has ${control.units} units, treatment ${treatment.units}`;
  if (control.units === 0 || treatment.units === 0) {
    return { reason: "no-units", message: `a variation has no units: ${counts}` };
  }
  if (control.units < 2 || treatment.units < 2) {
    return { reason: "too-few-units", message: `each variation needs at least 2 units: ${counts}` };
  }
  return null;
}
