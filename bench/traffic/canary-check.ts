import { Pool } from "undici";
import type { Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";
import type { Plane, TrafficLab } from "./traffic-lab.js";

const USERS = 1000;

/**
 * A 10% canary through the control API (weights 90/10, sticky by `x-user`): the share of 1,000 distinct users on B
 * and how many users saw both pools over two requests each (must be 0).
 */
export async function runCanaryCheck(lab: TrafficLab, plane: Plane, reporter: Reporter): Promise<void> {
  const path = lab.servicePath(plane);
  await lab.api("PUT", `${path}/rules`, { sticky: { source: "header", name: "x-user" }, overrides: [] });
  await lab.api("POST", `${path}/ramp`, { weights: { a: 90, b: 10 } });
  // The built-in proxy hears of the change through its long-poll; a moment covers a loaded machine.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const client = new Pool(plane.url, { connections: 16 });
  let onB = 0;
  let onBoth = 0;
  try {
    for (let user = 0; user < USERS; user++) {
      const headers = { "x-user": `canary-user-${user}` };
      const first = await body(client, headers);
      const second = await body(client, headers);
      if (first !== second) onBoth++;
      if (first === "b") onB++;
    }
  } finally {
    await client.close();
    await lab.api("PUT", `${path}/rules`, { sticky: null, overrides: [] });
    await lab.api("POST", `${path}/switch`, { pool: "a" });
  }
  const impl = `switchboard+${plane.impl}`;
  reporter.note(`${impl}: canary 10% → ${onB} of ${USERS} users on B, ${onBoth} users on both pools`);
  reporter.emit(measurementOf("traffic.canary", impl, "percent_on_b", [(onB / USERS) * 100]));
  reporter.emit(measurementOf("traffic.canary", impl, "users_on_both_pools", [onBoth]));
}

async function body(client: Pool, headers: Record<string, string>): Promise<string> {
  const response = await client.request({ path: "/", method: "GET", headers });
  return (await response.body.text()).toLowerCase();
}
