import { type ComparisonInput, checkInput } from "./comparison-input.js";
import { DEFAULT_CONFIDENCE_LEVEL } from "./confidence-level.js";
import type { NotEnoughData } from "./not-enough-data.js";
import {
  type DaysUntilDetectable,
  DEFAULT_POWER,
  daysUntilDetectable,
  type MinimumDetectableEffect,
  minimumDetectableEffect,
} from "./power.js";
import { prepareArms } from "./prepare-arms.js";

/** A comparison's input plus what to plan for. */
export type PowerAnalysisInput = ComparisonInput & {
  /** Default 0.8. */
  readonly power?: number;
  /** The relative effect to be able to detect, e.g. 0.01 for 1 %; without it no days are computed. */
  readonly targetRelativeEffect?: number;
  /** New exposed units per day, both arms together (the observed traffic); without it no days are computed. */
  readonly dailyUnits?: number;
};

export type PowerAnalysis =
  | {
      readonly minimumDetectableEffect: MinimumDetectableEffect;
      /** Null when no target effect or traffic was given, or there is no traffic. */
      readonly daysUntilDetectable: DaysUntilDetectable | null;
      readonly notEnoughData?: undefined;
    }
  | {
      readonly minimumDetectableEffect: null;
      readonly daysUntilDetectable: null;
      readonly notEnoughData: NotEnoughData;
    };

/**
 * Power from the same sums `compareVariations` takes (CUPED-adjusted variances when `cuped` is set): the minimum
 * detectable effect at the current sample size and, given a target effect and the daily traffic, the days until it
 * would be detectable. Fixed-horizon formulas (see `power.ts`); a sequential analysis needs somewhat more.
 * @example analysePower({ kind: "proportion", control, treatment, targetRelativeEffect: 0.01, dailyUnits: 4000 })
 */
export function analysePower(input: PowerAnalysisInput): PowerAnalysis {
  const confidenceLevel = input.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL;
  const power = input.power ?? DEFAULT_POWER;
  const problem =
    checkInput(input, confidenceLevel) ??
    (power > 0 && power < 1
      ? null
      : { reason: "invalid-input" as const, message: `power must be between 0 and 1, got ${power}` });
  if (problem) return withoutAnswer(problem);
  const { control, treatment } = prepareArms(input);
  if (!(control.variance > 0 || treatment.variance > 0)) {
    return withoutAnswer({
      reason: "zero-variance",
      message: "every unit has the same value, so power cannot be estimated",
    });
  }
  const days =
    input.targetRelativeEffect !== undefined && input.dailyUnits !== undefined
      ? daysUntilDetectable(control, treatment, input.targetRelativeEffect, input.dailyUnits, confidenceLevel, power)
      : null;
  return {
    minimumDetectableEffect: minimumDetectableEffect(control, treatment, confidenceLevel, power),
    daysUntilDetectable: days,
  };
}

function withoutAnswer(notEnoughData: NotEnoughData): PowerAnalysis {
  return { minimumDetectableEffect: null, daysUntilDetectable: null, notEnoughData };
}
