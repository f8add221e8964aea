import type { PreparedWorkload } from "./eval-impl.js";
import type { Population, User } from "./population.js";
import { W2, W3, type WorkloadId } from "./workloads.js";

/** One sanity figure with what it should be; a figure outside `expected ± tolerance` fails. */
export interface SanityFigure {
  metric: string;
  value: number;
  expected: number;
  tolerance: number;
}

/** True when the figure is within its tolerance. */
export function passes(figure: SanityFigure): boolean {
  return Math.abs(figure.value - figure.expected) <= figure.tolerance + 1e-12;
}

/** Evaluates the whole sanity population once and reports the workload's behavioural figures. */
export function checkSanity(workload: WorkloadId, prepared: PreparedWorkload, population: Population): SanityFigure[] {
  const evaluate = (user: User): unknown => prepared.evaluate(prepared.toContext(user));
  switch (workload) {
    case "w1":
      return [
        figure(
          "on_fraction",
          fraction(population.users, (user) => evaluate(user) === true),
          1,
          0,
        ),
      ];
    case "w2":
      return checkRollout(population.users, evaluate);
    case "w3":
      return checkExperiment(population, evaluate);
  }
}

function checkRollout(users: readonly User[], evaluate: (user: User) => unknown): SanityFigure[] {
  const matches = (user: User): boolean => user.country === W2.country && user.os === W2.os;
  const matching = users.filter(matches);
  const others = users.filter((user) => !matches(user));
  return [
    figure(
      "on_fraction_of_matching",
      fraction(matching, (user) => evaluate(user) === true),
      W2.coverage,
      0.01,
    ),
    figure(
      "on_fraction_of_non_matching",
      fraction(others, (user) => evaluate(user) === true),
      0,
      0,
    ),
  ];
}

function checkExperiment(population: Population, evaluate: (user: User) => unknown): SanityFigure[] {
  const allowed = new Set(population.allowList);
  const listed = population.users.filter((user) => allowed.has(user.id));
  const others = population.users.filter((user) => !allowed.has(user.id));
  const values = others.map(evaluate);
  const splits = W3.variations.map((name, i) =>
    figure(`split_${name}`, values.filter((value) => value === name).length / values.length, W3.weights[i] ?? 0, 0.01),
  );
  const listedB = fraction(listed, (user) => evaluate(user) === W3.allowListedVariation);
  return [...splits, figure("allowlisted_B_fraction", listedB, 1, 0)];
}

function fraction(users: readonly User[], predicate: (user: User) => boolean): number {
  return users.length === 0 ? Number.NaN : users.filter(predicate).length / users.length;
}

function figure(metric: string, value: number, expected: number, tolerance: number): SanityFigure {
  return { metric, value, expected, tolerance };
}
