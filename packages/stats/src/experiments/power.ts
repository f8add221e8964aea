import { normalQuantile } from "../normal-quantile.js";
import type { ArmEstimate } from "./sufficient-statistics.js";

/** The usual target power: an 80 % chance to detect the effect if it is there. */
export const DEFAULT_POWER = 0.8;

export interface MinimumDetectableEffect {
  readonly absolute: number;
  /** Relative to |control mean|; null when the control mean is 0. */
  readonly relative: number | null;
}

function zSum(confidenceLevel: number, power: number): number {
  return normalQuantile(1 - (1 - confidenceLevel) / 2) + normalQuantile(power);
}

/**
 * The smallest true difference a fixed-horizon two-sided test at this level would detect with the given power at
 * the current sample size: MDE = (z_{1−α/2} + z_{power})·√(σ²_A/n_A + σ²_B/n_B), with the observed variances
 * (the normal approximation; the far rejection tail is neglected, as in statsmodels' one-sided solve at α/2).
 */
export function minimumDetectableEffect(
  control: ArmEstimate,
  treatment: ArmEstimate,
  confidenceLevel: number,
  power = DEFAULT_POWER,
): MinimumDetectableEffect {
  const standardError = Math.sqrt(control.variance / control.units + treatment.variance / treatment.units);
  const absolute = zSum(confidenceLevel, power) * standardError;
  return { absolute, relative: control.baselineMean === 0 ? null : absolute / Math.abs(control.baselineMean) };
}

export interface DaysUntilDetectable {
  /** Total units (both arms) needed to detect the effect. */
  readonly requiredUnits: number;
  /** Whole days more at the observed traffic; 0 when it is already detectable. */
  readonly days: number;
}

/**
 * How many more days until a relative effect δ becomes detectable, keeping the current split and the observed
 * daily traffic (new exposed units per day, both arms): required N = (z_{1−α/2} + z_{power})²·(σ²_A/w_A +
 * σ²_B/w_B)/(δ·μ_A)² with w the arms' shares of units so far; days = ⌈(N − n_A − n_B)/daily units⌉. Assumes
 * new units keep arriving at the same rate (returning users make real accrual slow down). Null when there is no
 * traffic, no control mean or no effect to look for.
 */
export function daysUntilDetectable(
  control: ArmEstimate,
  treatment: ArmEstimate,
  relativeEffect: number,
  dailyUnits: number,
  confidenceLevel: number,
  power = DEFAULT_POWER,
): DaysUntilDetectable | null {
  const total = control.units + treatment.units;
  const target = Math.abs(relativeEffect * control.baselineMean);
  if (!(dailyUnits > 0) || !(target > 0) || total === 0) return null;
  const shareA = control.units / total;
  const shareB = treatment.units / total;
  const requiredUnits =
    (zSum(confidenceLevel, power) ** 2 * (control.variance / shareA + treatment.variance / shareB)) / target ** 2;
  return { requiredUnits, days: Math.max(0, Math.ceil((requiredUnits - total) / dailyUnits)) };
}
