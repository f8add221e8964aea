import type { Random } from "../lib/prng.js";

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/**
 * Booking rate per minute of a simulated shop: a daily cycle (night trough at 25% of the evening peak, a lunch
 * bump), a weekly one (Saturday and Sunday at 80%) and a linear trend of `growthPerWeek`.
 */
export function bookingRate(minute: number, peak: number, growthPerWeek: number): number {
  const day = Math.floor(minute / MINUTES_PER_DAY) % 7;
  const hour = (minute % MINUTES_PER_DAY) / 60;
  const daily =
    0.625 - 0.375 * Math.cos((2 * Math.PI * (hour - 2)) / 24) + 0.08 * Math.exp(-(((hour - 12.5) / 1.2) ** 2));
  const weekly = day >= 5 ? 0.8 : 1;
  return peak * Math.min(1, daily) * weekly * (1 + (growthPerWeek * minute) / MINUTES_PER_WEEK);
}

/** A Poisson draw: the product method below 60, a rounded normal above (error far below the noise it models). */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** A binomial draw: Bernoulli trials below 60, a rounded normal above. */
export function binomial(random: Random, n: number, p: number): number {
  if (n < 60) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k;
  }
  const mean = n * p;
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(random))));
}

function normal(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Uniform in [low, high). */
export function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}
