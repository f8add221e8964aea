/** Test-only seeded noise (the package itself never draws random numbers): Mulberry32 and a Poisson sampler. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw: Knuth's product method for small means, a rounded normal for large ones. */
export function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 200) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Bookings-like minute rates: a daily cycle (night trough at 30 % of the peak) and a weekend dip. */
export function seasonalRate(minute: number, peak: number): number {
  const day = Math.floor(minute / 1440) % 7;
  const ofDay = (minute % 1440) / 1440;
  const daily = 0.65 - 0.35 * Math.cos(2 * Math.PI * ofDay);
  const weekly = day >= 5 ? 0.8 : 1;
  return peak * daily * weekly;
}
