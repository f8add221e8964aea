import type { ArmEstimate } from "./sufficient-statistics.js";

/** Absolute: treatment − control. Relative: (treatment − control) / |control|, the lift. */
export type Difference = "absolute" | "relative";

/** An estimated difference between two arms, with its standard error and Welch–Satterthwaite degrees of freedom. */
export interface Effect {
  readonly estimate: number;
  readonly standardError: number;
  readonly degreesOfFreedom: number;
  /** Units in both arms together: the sample size N of sequential tests. */
  readonly totalUnits: number;
}

/**
 * The difference between treatment and control and its standard error. Absolute: Δ = x̄_B − x̄_A with
 * Var = s²_B/n_B + s²_A/n_A. Relative: Δ/|ȳ_A| (ȳ_A the unadjusted control mean) with the delta-method variance of
 * g(x̄_B, x̄_A, ȳ_A) = (x̄_B − x̄_A)/|ȳ_A|, arms independent; without CUPED (x̄ = ȳ) it reduces to GrowthBook's
 * Var = (s²_B/n_B)/x̄_A² + (s²_A/n_A)·x̄_B²/x̄_A⁴. The caller ensures ȳ_A ≠ 0 and n ≥ 2 per arm.
 */
export function estimateEffect(control: ArmEstimate, treatment: ArmEstimate, difference: Difference): Effect {
  const varianceB = treatment.variance / treatment.units;
  const varianceA = control.variance / control.units;
  const degreesOfFreedom = welchDegreesOfFreedom(control, treatment);
  const totalUnits = control.units + treatment.units;
  const delta = treatment.mean - control.mean;
  if (difference === "absolute") {
    return { estimate: delta, standardError: Math.sqrt(varianceB + varianceA), degreesOfFreedom, totalUnits };
  }
  const base = control.baselineMean;
  const scale = Math.abs(base);
  // Gradient of g with respect to (x̄_B, x̄_A, ȳ_A).
  const dTreatment = 1 / scale;
  const dControl = -1 / scale;
  const dBaseline = (-delta * Math.sign(base)) / (base * base);
  const controlPart =
    dControl * dControl * control.variance +
    dBaseline * dBaseline * control.baselineVariance +
    2 * dControl * dBaseline * control.baselineCovariance;
  const variance = dTreatment * dTreatment * varianceB + Math.max(0, controlPart) / control.units;
  return { estimate: delta / scale, standardError: Math.sqrt(variance), degreesOfFreedom, totalUnits };
}

/**
 * Welch–Satterthwaite: (s²_B/n_B + s²_A/n_A)² / [s⁴_B/(n_B²(n_B−1)) + s⁴_A/(n_A²(n_A−1))] (B. L. Welch,
 * Biometrika 34, 1947). Used for the relative change too, as GrowthBook does.
 */
export function welchDegreesOfFreedom(control: ArmEstimate, treatment: ArmEstimate): number {
  const a = control.variance / control.units;
  const b = treatment.variance / treatment.units;
  return (a + b) ** 2 / (a ** 2 / (control.units - 1) + b ** 2 / (treatment.units - 1));
}
