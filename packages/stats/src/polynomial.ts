/** Σ coefficients[i]·xⁱ by Horner's rule, the coefficients listed from the constant term up. */
export function polynomial(x: number, coefficients: readonly number[]): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * x + (coefficients[i] ?? 0);
  return sum;
}
