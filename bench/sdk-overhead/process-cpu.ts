import { readFileSync } from "node:fs";

// USER_HZ is 100 on every Linux this bench runs on (it is fixed by the kernel ABI, not by CONFIG_HZ).
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, read from `/proc/<pid>/stat`; NaN elsewhere. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which sits in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** The machine's load averages over 1, 5 and 15 minutes, for the record next to the figures. */
export function loadText(loadavg: readonly number[]): string {
  return loadavg.map((load) => load.toFixed(2)).join(" / ");
}
