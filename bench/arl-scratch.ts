import { INITIAL_DETECTOR_STATE, stepMinute, type DetectorState } from "@switchboard/stats";
function seededRandom(seed: number) { let state = seed >>> 0; return () => { state = (state + 0x6d2b79f5) >>> 0; let t = state; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
function poisson(r: () => number, mean: number) { if (mean > 200) { const u = Math.max(r(), 1e-12); return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r()))); } const L = Math.exp(-mean); let k = 0; let p = r(); while (p > L) { k++; p *= r(); } return k; }
const MIN = 60000;
const mode = process.argv[2];
for (const rate of [600, 90, 25]) for (const maxParts of [1, 6]) {
  const random = seededRandom(rate * 7 + maxParts);
  let state: DetectorState = INITIAL_DETECTOR_STATE; let alarms = 0; let drops = 0;
  const weeks = 12;
  for (let m = 0; m < weeks * 10080; m++) {
    const counts = Array.from({ length: 6 }, () => poisson(random, rate / 6));
    const st = stepMinute(state, { time: m * MIN, actual: null, expected: rate, standardDeviation: Math.sqrt(rate) }, counts, MIN, { subBuckets: { maxParts } });
    state = st.state;
    for (const e of st.events) if (e.type === "alarm") { alarms++; if (e.direction !== "surge") drops++; }
  }
  console.log(mode, rate, maxParts, "alarms/week", (alarms / weeks).toFixed(2), "drop side", (drops / weeks).toFixed(2));
}
