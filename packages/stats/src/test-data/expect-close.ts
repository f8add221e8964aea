import { expect } from "vitest";

/** |actual − expected| ≤ relative·|expected| (absolute when expected is 0): the brief's "to a relative 1e-6". */
export function expectRelative(actual: number | null | undefined, expected: number, relative = 1e-6): void {
  expect(actual).toBeTypeOf("number");
  const error = Math.abs((actual as number) - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * Math.max(Math.abs(expected), expected === 0 ? 1 : 0),
  );
}

/** Within the rounding of a value published to `decimals` decimals (half a unit in the last place, plus float noise). */
export function expectRounded(actual: number | null | undefined, expected: number, decimals = 5): void {
  expect(actual).toBeTypeOf("number");
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    0.5 * 10 ** -decimals + 1e-12,
  );
}
