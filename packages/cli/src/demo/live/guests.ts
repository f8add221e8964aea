/** The shop's guests: a fixed, believable mix of countries, operating systems and devices, the same every run. */
export interface Guest {
  id: string;
  country: string;
  os: string;
  device: "desktop" | "mobile";
  userAgent: string;
}

const COUNTRIES = ["us", "jp", "de", "fr", "br", "gb", "jp", "us"] as const;
const PLATFORMS = [
  {
    os: "macOS",
    device: "desktop",
    ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
  },
  { os: "Windows", device: "desktop", ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36" },
  {
    os: "iOS",
    device: "mobile",
    ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Safari/604.1",
  },
  { os: "Android", device: "mobile", ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/126.0 Mobile Safari/537.36" },
] as const;

/** Guest number `n` (stable: the same n is the same person with the same country and device). */
export function guest(n: number): Guest {
  const country = COUNTRIES[(n * 7) % COUNTRIES.length] ?? "us";
  const platform = PLATFORMS[(n * 13 + (n >> 3)) % PLATFORMS.length] ?? PLATFORMS[0];
  return { id: `guest-${n}`, country, os: platform.os, device: platform.device, userAgent: platform.ua };
}

/** A small deterministic pseudo-random stream (mulberry32), so seeded data and runs are reproducible. */
export function randomStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Traffic's shape over a week: quiet nights, an evening peak, busier weekends (1 = an average hour). */
export function seasonality(at: Date): number {
  const hour = at.getUTCHours() + at.getUTCMinutes() / 60;
  // Lowest around 04:00 UTC, highest in the afternoon, with an evening bump when guests book from home.
  const daily =
    0.3 + 0.7 * ((1 - Math.cos((2 * Math.PI * (hour - 4)) / 24)) / 2) + 0.3 * Math.exp(-((hour - 20) ** 2) / 4);
  const day = at.getUTCDay();
  const weekly = day === 0 || day === 6 ? 1.3 : 1;
  return daily * weekly;
}
